namespace Dupstream.Nginx.Configuration;

/// <summary>
/// What every concern's reader reads from: the top-level config object, the environment overrides, the
/// directory relative paths start from, and the one list every error of every concern is collected in.
/// </summary>
internal sealed record SettingsSource(ConfigReader Reader, List<string> Errors, Func<string, string?> Environment, bool Insecure, string BaseDirectory)
{
    public string FullPath(string path) => Path.GetFullPath(path, BaseDirectory);

    /// <summary>Records an error naming <paramref name="key"/> when the directory <paramref name="fullPath"/> is to go in is missing.</summary>
    public void RequireDirectory(string fullPath, string key)
    {
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is null || !Directory.Exists(directory))
        {
            Errors.Add($"{key}: the directory of '{fullPath}' does not exist.");
        }
    }
}

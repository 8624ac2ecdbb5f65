namespace Dupstream.Nginx.Configuration;

/// <summary>
/// Reads a secret the Docker-secrets way: the whole file is the secret, minus the trailing line
/// break editors and <c>echo</c> add. Errors name the file, never its content.
/// </summary>
internal static class SecretFileReader
{
    /// <summary>The secret, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static string? Read(string path, out string? error)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"secret_file: cannot read the file: {ex.Message}";
            return null;
        }

        var secret = text.TrimEnd('\n', '\r');
        if (secret.Length == 0)
        {
            error = $"secret_file: '{path}' is empty.";
            return null;
        }

        error = null;
        return secret;
    }
}

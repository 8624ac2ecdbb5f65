namespace Dupstream.Configuration;

/// <summary>
/// What the configuration is read from: the environment variables and the files they name. Every reader takes one,
/// so the rules stay pure and unit-tested (tests hand in a dictionary and in-memory files).
/// </summary>
internal sealed record SettingsSource(IReadOnlyDictionary<string, string?> Environment, Func<string, bool> FileExists, Func<string, string> ReadText)
{
    public static SettingsSource Of(IReadOnlyDictionary<string, string?> environment, Func<string, bool>? fileExists = null, Func<string, string>? readText = null) =>
        new(environment ?? throw new ArgumentNullException(nameof(environment)), fileExists ?? File.Exists, readText ?? File.ReadAllText);

    /// <summary>The variable's value, or null when it is not set.</summary>
    public string? Get(string name) => Environment.TryGetValue(name, out var value) ? value : null;
}

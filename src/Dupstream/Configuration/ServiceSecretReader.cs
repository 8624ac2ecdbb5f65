namespace Dupstream.Configuration;

/// <summary>
/// Reads the shared secret from DUPSTREAM_SERVICE_SECRET or, Docker secrets style, from the file named by
/// DUPSTREAM_SERVICE_SECRET_FILE (e.g. /run/secrets/dupstream). Both at once is an error: which one wins would be a
/// guess. Messages name the variable and the path, never the secret.
/// </summary>
internal static class ServiceSecretReader
{
    /// <returns>The secret and the variable it came from; (null, null) when none is set or on error.</returns>
    public static (string? Secret, string? Source) Read(
        IReadOnlyDictionary<string, string?> environment,
        Func<string, bool> fileExists,
        Func<string, string> readText,
        List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(fileExists);
        ArgumentNullException.ThrowIfNull(readText);
        ArgumentNullException.ThrowIfNull(errors);
        var direct = WatcherOptionsReader.Get(environment, EnvironmentNames.ServiceSecret);
        var file = WatcherOptionsReader.Get(environment, EnvironmentNames.ServiceSecretFile);
        var hasDirect = !string.IsNullOrEmpty(direct);
        var hasFile = !string.IsNullOrWhiteSpace(file);
        if (hasDirect && hasFile)
        {
            errors.Add($"{EnvironmentNames.ServiceSecret} and {EnvironmentNames.ServiceSecretFile} are both set; set only one of them.");
            return (null, null);
        }

        if (hasDirect)
        {
            return (direct, EnvironmentNames.ServiceSecret);
        }

        if (!hasFile)
        {
            return (null, null);
        }

        var path = file!.Trim();
        // Files written with echo or an editor end with a newline that is not part of the secret.
        var secret = SecretFileReader.Read(EnvironmentNames.ServiceSecretFile, path, fileExists, readText, static content => content.TrimEnd('\n', '\r'), errors);
        if (secret is null)
        {
            return (null, null);
        }

        if (secret.Any(char.IsControl))
        {
            errors.Add($"{EnvironmentNames.ServiceSecretFile}: the secret in '{path}' contains control characters (more than one line?) and cannot be sent in a header.");
            return (null, null);
        }

        return (secret, EnvironmentNames.ServiceSecretFile);
    }
}

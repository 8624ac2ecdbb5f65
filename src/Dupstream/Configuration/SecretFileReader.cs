namespace Dupstream.Configuration;

/// <summary>
/// Reads a secret from a file named by an environment variable, Docker secrets style (DUPSTREAM_SERVICE_SECRET_FILE,
/// CONSUL_HTTP_TOKEN_FILE). Messages name the variable and the path, never the file's content.
/// </summary>
internal static class SecretFileReader
{
    /// <param name="variable">The variable the path came from, named in every error.</param>
    /// <param name="path">The file's path, already trimmed.</param>
    /// <param name="trim">
    /// What is not part of the secret, which differs per variable: the service secret loses only its line ending,
    /// a Consul token all surrounding white space (as Consul's client trims it).
    /// </param>
    /// <returns>The trimmed content, or null (with an error added) when the file is missing, unreadable or empty.</returns>
    public static string? Read(
        string variable,
        string path,
        Func<string, bool> fileExists,
        Func<string, string> readText,
        Func<string, string> trim,
        List<string> errors)
    {
        if (!fileExists(path))
        {
            errors.Add($"{variable}: '{path}' does not exist.");
            return null;
        }

        string content;
        try
        {
            content = readText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{variable}: '{path}' cannot be read: {exception.Message}");
            return null;
        }

        var secret = trim(content);
        if (secret.Length == 0)
        {
            errors.Add($"{variable}: '{path}' is empty.");
            return null;
        }

        return secret;
    }
}

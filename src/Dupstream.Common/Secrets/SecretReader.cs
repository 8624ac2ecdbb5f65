namespace Dupstream.Common.Secrets;

/// <summary>
/// Reads a secret given directly or as a file, the same way for every secret of both programs: both at once is an
/// error (which one wins would be a guess); a file that is missing, unreadable or empty is an error; a secret with
/// control characters (more than one line?) is an error, as it cannot be sent in or compared with a header.
/// Errors name the setting and the path, never the secret.
/// </summary>
public static class SecretReader
{
    /// <param name="value">The direct value; null or empty means not set.</param>
    /// <param name="filePath">The file's path, already resolved against any base directory; null or blank means not set.</param>
    /// <returns>The secret and the setting it came from; (null, null) when neither is set or on error (then added to <paramref name="errors"/>).</returns>
    public static (string? Secret, string? Source) Read(SecretSetting setting, string? value, string? filePath, SecretFiles files, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(errors);
        var hasValue = !string.IsNullOrEmpty(value);
        var hasFile = !string.IsNullOrWhiteSpace(filePath);
        if (hasValue && hasFile)
        {
            return Refuse(errors, $"{setting.ValueName} and {setting.FileName} are both set; set only one of them.");
        }

        if (hasValue)
        {
            return HasControlCharacters(value!)
                ? Refuse(errors, $"{setting.ValueName}: the secret contains control characters and cannot be sent in a header.")
                : (value, setting.ValueName);
        }

        if (!hasFile)
        {
            return (null, null);
        }

        var path = filePath!.Trim();
        if (!files.Exists(path))
        {
            return Refuse(errors, $"{setting.FileName}: '{path}' does not exist.");
        }

        string content;
        try
        {
            content = files.ReadText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Refuse(errors, $"{setting.FileName}: '{path}' cannot be read: {exception.Message}");
        }

        var secret = setting.FileTrim == SecretFileTrim.WhiteSpace ? content.Trim() : content.TrimEnd('\n', '\r');
        if (secret.Length == 0)
        {
            return Refuse(errors, $"{setting.FileName}: '{path}' is empty.");
        }

        return HasControlCharacters(secret)
            ? Refuse(errors, $"{setting.FileName}: the secret in '{path}' contains control characters (more than one line?) and cannot be sent in a header.")
            : (secret, setting.FileName);
    }

    private static bool HasControlCharacters(string text) => text.Any(char.IsControl);

    private static (string? Secret, string? Source) Refuse(List<string> errors, string message)
    {
        errors.Add(message);
        return (null, null);
    }
}

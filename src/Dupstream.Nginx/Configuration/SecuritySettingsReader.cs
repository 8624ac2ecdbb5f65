using Dupstream.Common.Secrets;

namespace Dupstream.Nginx.Configuration;

/// <summary>Reads and checks <c>secret</c> or <c>secret_file</c>, <c>signature_window_seconds</c> and <c>require_signature</c>.</summary>
internal static class SecuritySettingsReader
{
    private static readonly SecretSetting SecretSetting = new("secret", "secret_file", SecretFileTrim.LineEnding);

    public static SecuritySettings Read(SettingsSource source)
    {
        var (reader, errors) = (source.Reader, source.Errors);
        var defaults = new SecuritySettings();
        var errorsBeforeSecret = errors.Count;
        var secret = ReadSecret(source, out var secretKey);
        // What is wrong with the secret (both ways given, unreadable file) is said once, not again as "no secret".
        var secretReported = errors.Count > errorsBeforeSecret;
        if (!secretReported && !source.Insecure && string.IsNullOrEmpty(secret))
        {
            errors.Add("secret: no secret is set; set one shared with the watcher (or secret_file, or start with --insecure to accept any request).");
        }
        else if (!secretReported && !source.Insecure && secret == SecuritySettings.PlaceholderSecret)
        {
            errors.Add($"{secretKey}: still the placeholder '{SecuritySettings.PlaceholderSecret}'; set a real secret (or start with --insecure).");
        }

        var windowSeconds = reader.Int("signature_window_seconds") ?? (int)defaults.SignatureWindow.TotalSeconds;
        if (windowSeconds < 1)
        {
            errors.Add($"signature_window_seconds: {windowSeconds} must be at least 1.");
        }

        var requireSignature = reader.Bool("require_signature") ?? defaults.RequireSignature;
        if (requireSignature && string.IsNullOrEmpty(secret) && !secretReported)
        {
            errors.Add("require_signature: true needs a secret (secret or secret_file) to check signatures with.");
        }

        return new SecuritySettings
        {
            Secret = string.IsNullOrEmpty(secret) ? null : secret,
            SignatureWindow = TimeSpan.FromSeconds(windowSeconds),
            RequireSignature = requireSignature,
        };
    }

    /// <summary>The secret from <c>secret</c> or from <c>secret_file</c> (relative to the config file), by the rules every secret follows.</summary>
    private static string? ReadSecret(SettingsSource source, out string key)
    {
        var file = source.Reader.String("secret_file");
        var (secret, from) = SecretReader.Read(
            SecretSetting,
            source.Reader.String("secret"),
            string.IsNullOrWhiteSpace(file) ? null : source.FullPath(file.Trim()),
            SecretFiles.Disk,
            source.Errors);
        key = from ?? (string.IsNullOrWhiteSpace(file) ? "secret" : "secret_file");
        return secret;
    }
}

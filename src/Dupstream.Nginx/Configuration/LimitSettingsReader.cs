namespace Dupstream.Nginx.Configuration;

/// <summary>Reads and checks <c>max_body_bytes</c>, <c>command_timeout_seconds</c> and <c>max_nginx_tests</c>.</summary>
internal static class LimitSettingsReader
{
    public static LimitSettings Read(SettingsSource source)
    {
        var (reader, errors) = (source.Reader, source.Errors);
        var defaults = new LimitSettings();
        var maxBody = reader.Long("max_body_bytes") ?? defaults.MaxBodyBytes;
        if (maxBody < 1)
        {
            errors.Add($"max_body_bytes: {maxBody} must be at least 1.");
        }

        var timeoutSeconds = reader.Int("command_timeout_seconds") ?? (int)defaults.CommandTimeout.TotalSeconds;
        if (timeoutSeconds < 1)
        {
            errors.Add($"command_timeout_seconds: {timeoutSeconds} must be at least 1.");
        }

        var maxTests = reader.Int("max_nginx_tests") ?? defaults.MaxNginxTests;
        if (maxTests is < 1 or > 100)
        {
            errors.Add($"max_nginx_tests: {maxTests} must be from 1 to 100.");
        }

        return new LimitSettings { MaxBodyBytes = maxBody, CommandTimeout = TimeSpan.FromSeconds(timeoutSeconds), MaxNginxTests = maxTests };
    }
}

using Dupstream.Nginx.Configuration;

namespace Dupstream.Nginx.Monitoring;

/// <summary>Reads DUPSTREAM_LOG_FORMAT; a wrong value stops the start with a message naming it.</summary>
internal static class LogFormatSetting
{
    public const string VariableName = "DUPSTREAM_LOG_FORMAT";

    public static LogFormat Read(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var raw = environment(VariableName);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return LogFormat.Plain;
        }

        var text = raw.Trim();
        if (text.Equals("plain", StringComparison.OrdinalIgnoreCase) || text.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            return LogFormat.Plain;
        }

        if (text.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return LogFormat.Json;
        }

        throw new ConfigException($"{VariableName}: '{text}' is not a log format; use 'plain' (default) or 'json'.");
    }
}

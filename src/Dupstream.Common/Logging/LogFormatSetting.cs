using Dupstream.Common.Text;

namespace Dupstream.Common.Logging;

/// <summary>Reads DUPSTREAM_LOG_FORMAT; a wrong value is an error naming the variable (each program stops its start on it).</summary>
public static class LogFormatSetting
{
    public const string VariableName = "DUPSTREAM_LOG_FORMAT";

    /// <param name="raw">The variable's value; unset or blank means plain.</param>
    /// <param name="error">Why the value is wrong, naming the variable; null when it is right.</param>
    public static LogFormat Parse(string? raw, out string? error)
    {
        error = null;
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

        error = $"{VariableName}: '{LogText.Printable(text)}' is not a log format; use 'plain' (default) or 'json'.";
        return LogFormat.Plain;
    }
}

using System.Globalization;
using System.Net;
using Dupstream.Common.Logging;

namespace Dupstream.Configuration;

/// <summary>
/// Reads the operator-facing settings: the HTTP listener (DUPSTREAM_HTTP_PORT, DUPSTREAM_HTTP_ADDRESS) and the
/// log format (DUPSTREAM_LOG_FORMAT). Pure: problems go to the error list, one message per setting.
/// </summary>
internal static class OperabilitySettingsReader
{
    public static OperabilitySettings Read(SettingsSource source, ConfigurationProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return new OperabilitySettings(ReadHttpListener(source, problems.Errors), ReadLogFormat(source, problems.Errors));
    }

    /// <returns>The listener, or null when it is turned off (port 0) or a value is wrong.</returns>
    public static HttpListenerSettings? ReadHttpListener(SettingsSource source, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(errors);
        var port = HttpListenerSettings.DefaultPort;
        var rawPort = source.Get(EnvironmentNames.HttpPort);
        if (!string.IsNullOrWhiteSpace(rawPort))
        {
            var text = rawPort.Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
            {
                errors.Add($"{EnvironmentNames.HttpPort}: '{text}' is not a port number (1-65535, or 0 to turn the HTTP listener off).");
                return null;
            }
        }

        IPAddress? address = null;
        var rawAddress = source.Get(EnvironmentNames.HttpAddress);
        if (!string.IsNullOrWhiteSpace(rawAddress))
        {
            var text = rawAddress.Trim();
            var bare = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
            // IPAddress.TryParse also takes "10.0.0" and "0x7f.1": only a dotted quad or an IPv6 literal is meant here.
            var literal = bare.Contains(':', StringComparison.Ordinal)
                ? !bare.Contains('%', StringComparison.Ordinal)
                : bare.Split('.').Length == 4 && bare.All(c => char.IsAsciiDigit(c) || c == '.');
            if (!literal || !IPAddress.TryParse(bare, out var parsed))
            {
                errors.Add($"{EnvironmentNames.HttpAddress}: '{text}' is not an IP address (examples: 0.0.0.0, 127.0.0.1, ::).");
                return null;
            }

            address = parsed;
        }

        return port == 0 ? null : new HttpListenerSettings(address, port);
    }

    private static LogFormat ReadLogFormat(SettingsSource source, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(errors);
        var format = LogFormatSetting.Parse(source.Get(EnvironmentNames.LogFormat), out var error);
        if (error is not null)
        {
            errors.Add(error);
        }

        return format;
    }
}

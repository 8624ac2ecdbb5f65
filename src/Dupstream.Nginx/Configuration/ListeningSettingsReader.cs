using System.Globalization;
using System.Net;

namespace Dupstream.Nginx.Configuration;

/// <summary>Reads and checks <c>endpoint</c>, <c>port</c> (or PORT), <c>listen_address</c> and the TLS pair.</summary>
internal static class ListeningSettingsReader
{
    public static ListeningSettings Read(SettingsSource source)
    {
        var (reader, errors) = (source.Reader, source.Errors);
        var defaults = new ListeningSettings();
        var endpoint = reader.String("endpoint") ?? defaults.Endpoint;
        if (!endpoint.StartsWith('/') || endpoint.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add($"endpoint: '{endpoint}' must be a path starting with '/' and without spaces.");
        }

        var (certificate, key) = ReadTls(source);

        var port = reader.Int("port") ?? defaults.Port;
        if (source.Environment("PORT") is { Length: > 0 } envPort)
        {
            if (int.TryParse(envPort, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 65535)
            {
                port = parsed;
            }
            else
            {
                errors.Add($"PORT: '{envPort}' is not a port number (0-65535).");
            }
        }
        else if (port is < 0 or > 65535)
        {
            errors.Add($"port: {port} is not a port number (0-65535).");
        }

        IPAddress? listenAddress = null;
        if (reader.String("listen_address") is { Length: > 0 } listen && listen != "*" && !IPAddress.TryParse(listen, out listenAddress))
        {
            errors.Add($"listen_address: '{listen}' is not an IP address (use '*' or leave it out for every interface).");
        }

        return new ListeningSettings { Endpoint = endpoint, Port = port, ListenAddress = listenAddress, TlsCertificatePath = certificate, TlsKeyPath = key };
    }

    /// <summary>Both PEM paths or neither; the pair must load, so a bad certificate stops the start.</summary>
    private static (string? Certificate, string? Key) ReadTls(SettingsSource source)
    {
        var errors = source.Errors;
        var certificate = source.Reader.String("tls_certificate") is { Length: > 0 } c ? source.FullPath(c) : null;
        var key = source.Reader.String("tls_key") is { Length: > 0 } k ? source.FullPath(k) : null;
        if (certificate is null && key is null)
        {
            return (null, null);
        }

        if (certificate is null || key is null)
        {
            errors.Add(certificate is null
                ? "tls_certificate: missing; tls_key is set, and HTTPS needs both (PEM files)."
                : "tls_key: missing; tls_certificate is set, and HTTPS needs both (PEM files).");
            return (null, null);
        }

        var ok = true;
        foreach (var (name, path) in (ReadOnlySpan<(string, string)>)[("tls_certificate", certificate), ("tls_key", key)])
        {
            if (!File.Exists(path))
            {
                errors.Add($"{name}: '{path}' does not exist.");
                ok = false;
            }
        }

        if (ok)
        {
            try
            {
                TlsCertificateLoader.Load(certificate, key).Dispose();
            }
            catch (ConfigException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return (certificate, key);
    }
}

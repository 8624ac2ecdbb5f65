using Dupstream.Common.Secrets;
using Dupstream.Common.Text;
using Dupstream.Configuration;

namespace Dupstream.Targets.Consul;

/// <summary>
/// Reads the Consul variables with the meaning Consul's own API client gives them (api.DefaultConfig / NewClient):
/// CONSUL_HTTP_ADDR as host:port or http(s)://host:port[/prefix], https when CONSUL_HTTP_SSL is true (never back to
/// http once asked for), the token from CONSUL_HTTP_TOKEN or from CONSUL_HTTP_TOKEN_FILE (read once, trimmed),
/// CONSUL_CACERT as extra trusted CA. Where Consul's client only warns about a bad value, we stop: a watcher
/// that silently talks plain http or without its token would fail later and less clearly.
/// </summary>
internal static class ConsulSettingsReader
{
    private static readonly SecretSetting TokenSetting = new(ConsulVariables.HttpToken, ConsulVariables.HttpTokenFile, SecretFileTrim.WhiteSpace);

    public static ConsulSettings? Read(SettingsSource source, ConfigurationProblems problems)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(problems);
        var errors = problems.Errors;
        var before = errors.Count;

        var ssl = ReadSsl(source.Get(ConsulVariables.HttpSsl), errors);
        var address = ReadAddress(source.Get(ConsulVariables.HttpAddr), ssl ?? false, errors);
        var (token, tokenSource) = ReadToken(source, errors);
        var caPem = PemCaFileReader.Read(ConsulVariables.CaCert, source.Get(ConsulVariables.CaCert), source.FileExists, source.ReadText, errors);

        if (errors.Count > before || address is null)
        {
            return null;
        }

        if (caPem is not null && address.Scheme != Uri.UriSchemeHttps)
        {
            problems.Warnings.Add($"{ConsulVariables.CaCert} is set but Consul is reached over plain http ({TargetDisplay.Of(address)}); the CA is only used for https (set {ConsulVariables.HttpSsl}=true or an https:// address).");
        }

        return new ConsulSettings(address, token, tokenSource, caPem);
    }

    // Go's strconv.ParseBool, which Consul uses for CONSUL_HTTP_SSL.
    private static bool? ReadSsl(string? raw, List<string> errors) =>
        BooleanSetting.Parse(ConsulVariables.HttpSsl, raw, fallback: false, errors);

    private static Uri? ReadAddress(string? raw, bool ssl, List<string> errors)
    {
        var text = string.IsNullOrWhiteSpace(raw) ? ConsulSettings.DefaultAddress : raw.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd >= 0 ? text[..schemeEnd].ToLowerInvariant() : "http";
        var rest = schemeEnd >= 0 ? text[(schemeEnd + 3)..] : text;
        switch (scheme)
        {
            case "http" or "https":
                break;
            case "unix":
                errors.Add($"{ConsulVariables.HttpAddr}: unix sockets are not supported; give host:port or http(s)://host:port.");
                return null;
            default:
                errors.Add($"{ConsulVariables.HttpAddr}: '{TargetDisplay.OfRaw(text)}' has an unknown scheme '{LogText.Printable(scheme)}'; give host:port or http(s)://host:port.");
                return null;
        }

        // As Consul's client: an http:// address does not undo CONSUL_HTTP_SSL=true.
        var effective = scheme == "https" || ssl ? "https" : "http";
        if (!Uri.TryCreate($"{effective}://{rest}", UriKind.Absolute, out var uri)
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.UserInfo)
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment))
        {
            errors.Add($"{ConsulVariables.HttpAddr}: '{TargetDisplay.OfRaw(text)}' is not host:port or http(s)://host:port[/path-prefix].");
            return null;
        }

        // A path is a prefix of a reverse proxy in front of Consul; the API paths are appended to it.
        var builder = new UriBuilder(uri);
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    /// <summary>The token from CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE, trimmed all round as Consul's own client does.</summary>
    private static (string? Token, string? Source) ReadToken(SettingsSource source, List<string> errors)
    {
        var direct = source.Get(ConsulVariables.HttpToken);
        return SecretReader.Read(
            TokenSetting,
            string.IsNullOrWhiteSpace(direct) ? null : direct.Trim(),
            source.Get(ConsulVariables.HttpTokenFile),
            new SecretFiles(source.FileExists, source.ReadText),
            errors);
    }
}

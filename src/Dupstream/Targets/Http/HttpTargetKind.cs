using Dupstream.Configuration;

namespace Dupstream.Targets.Http;

/// <summary>
/// "http": the original watcher's only kind. Reads DUPSTREAM_SERVICE_URL, DUPSTREAM_SERVICE_SECRET(_FILE),
/// DUPSTREAM_SIGNATURE_ONLY and DUPSTREAM_CA_FILE.
/// </summary>
internal sealed class HttpTargetKind : ITargetKind
{
    public const string KindName = "http";

    public string Name => KindName;

    public IReadOnlyList<TargetVariable> Variables => HttpVariables.All;

    public ITargetSettings? Read(SettingsSource source, bool selected, CommandLineFlags flags, ConfigurationProblems problems)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(problems);
        var errors = problems.Errors;
        var urls = selected ? ReadUrls(source.Get(HttpVariables.ServiceUrl), flags.Once, errors) : [];
        if (!selected && !string.IsNullOrWhiteSpace(source.Get(HttpVariables.ServiceUrl)))
        {
            problems.Warnings.Add($"{HttpVariables.ServiceUrl} is set but {EnvironmentNames.Service} does not include http; the URLs are not used.");
        }

        // The secret, DUPSTREAM_SIGNATURE_ONLY and DUPSTREAM_CA_FILE are checked even while http is not selected:
        // a secret file that cannot be read is a mistake worth stopping for whatever the selection.
        var errorsBeforeSecret = errors.Count;
        var (secret, _) = ServiceSecretReader.Read(source, errors);
        if (secret is null && errors.Count == errorsBeforeSecret && !flags.Once && selected)
        {
            problems.Warnings.Add($"{HttpVariables.ServiceSecret} is not set: targets receive no X-SECRET header and cannot tell dupstream from anyone else.");
        }

        // DUPSTREAM_SIGNATURE_ONLY: the secret stays on this side of the wire; only receivers that check the
        // signature (dupstream-nginx with require_signature) accept such requests, the originals do not.
        var signatureOnly = BooleanSetting.Parse(HttpVariables.SignatureOnly, source.Get(HttpVariables.SignatureOnly), fallback: false, errors);
        if (signatureOnly == true && secret is null && errors.Count == errorsBeforeSecret)
        {
            errors.Add($"{HttpVariables.SignatureOnly}: a signature needs a secret; set {HttpVariables.ServiceSecret} or {HttpVariables.ServiceSecretFile}.");
        }

        // DUPSTREAM_CA_FILE: CAs trusted for https targets besides the system's roots (a private CA in front of the receivers).
        var caCertificates = PemCaFileReader.Read(HttpVariables.CaFile, source.Get(HttpVariables.CaFile), source.FileExists, source.ReadText, errors);
        return selected ? new HttpTargetSettings(urls, secret, signatureOnly ?? false, caCertificates) : null;
    }

    private static List<Uri> ReadUrls(string? raw, bool once, List<string> errors)
    {
        var targets = new List<Uri>();
        var malformed = 0;
        foreach (var part in (raw ?? string.Empty).Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host))
            {
                errors.Add($"{HttpVariables.ServiceUrl}: '{TargetDisplay.OfRaw(part)}' is not an absolute http:// or https:// URL.");
                malformed++;
                continue;
            }

            if (!targets.Contains(uri))
            {
                targets.Add(uri);
            }
        }

        if (targets.Count == 0 && !once && malformed == 0)
        {
            errors.Add($"{HttpVariables.ServiceUrl} is not set: give one or more http(s) URLs separated by '|' (or run with --once to print the snapshot).");
        }

        return targets;
    }
}

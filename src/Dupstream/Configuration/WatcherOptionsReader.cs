namespace Dupstream.Configuration;

/// <summary>
/// Turns environment variables and flags into <see cref="WatcherOptions"/>. Pure: it reads only the
/// dictionary it is given (and asks <paramref name="fileExists"/> about TLS files), so every rule is unit-tested.
/// </summary>
internal static class WatcherOptionsReader
{
    public static ConfigurationResult Read(
        IReadOnlyDictionary<string, string?> environment,
        CommandLineFlags flags,
        Func<string, bool>? fileExists = null,
        Func<string, string>? readText = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(flags);
        fileExists ??= File.Exists;
        readText ??= File.ReadAllText;
        var errors = new List<string>();
        var warnings = new List<string>();

        var serviceKinds = ReadServiceKinds(Get(environment, EnvironmentNames.Service), errors);
        var usesHttp = serviceKinds is null || serviceKinds.Value.HasFlag(ServiceKinds.Http);
        var targets = usesHttp ? ReadTargets(Get(environment, EnvironmentNames.ServiceUrl), flags.Once, errors) : [];
        if (!usesHttp && !string.IsNullOrWhiteSpace(Get(environment, EnvironmentNames.ServiceUrl)))
        {
            warnings.Add($"{EnvironmentNames.ServiceUrl} is set but {EnvironmentNames.Service} does not include http; the URLs are not used.");
        }

        // --once only prints the snapshot, so it needs no Consul either.
        var consul = serviceKinds is { } kinds && kinds.HasFlag(ServiceKinds.Consul) && !flags.Once
            ? ConsulSettingsReader.Read(environment, fileExists, readText, errors, warnings)
            : null;
        var errorsBeforeSecret = errors.Count;
        var (secret, _) = ServiceSecretReader.Read(environment, fileExists, readText, errors);
        if (secret is null && errors.Count == errorsBeforeSecret && !flags.Once && usesHttp)
        {
            warnings.Add($"{EnvironmentNames.ServiceSecret} is not set: targets receive no X-SECRET header and cannot tell dupstream from anyone else.");
        }

        // DUPSTREAM_SIGNATURE_ONLY: the secret stays on this side of the wire; only receivers that check the
        // signature (dupstream-nginx with require_signature) accept such requests, the originals do not.
        var signatureOnly = BooleanSetting.Parse(EnvironmentNames.SignatureOnly, Get(environment, EnvironmentNames.SignatureOnly), fallback: false, errors);
        if (signatureOnly == true && secret is null && errors.Count == errorsBeforeSecret)
        {
            errors.Add($"{EnvironmentNames.SignatureOnly}: a signature needs a secret; set {EnvironmentNames.ServiceSecret} or {EnvironmentNames.ServiceSecretFile}.");
        }

        // DUPSTREAM_CA_FILE: CAs trusted for https targets besides the system's roots (a private CA in front of the receivers).
        var caCertificates = PemCaFileReader.Read(EnvironmentNames.CaFile, Get(environment, EnvironmentNames.CaFile), fileExists, readText, errors);

        var period = SecondsSetting.Parse(EnvironmentNames.Period, Get(environment, EnvironmentNames.Period), WatcherOptions.DefaultPeriod, errors);
        var timeout = SecondsSetting.Parse(EnvironmentNames.ServiceTimeout, Get(environment, EnvironmentNames.ServiceTimeout), WatcherOptions.DefaultRequestTimeout, errors);
        var engine = EngineEndpointReader.Read(environment, fileExists, errors);
        var httpListener = OperabilitySettingsReader.ReadHttpListener(environment, errors);
        var logFormat = OperabilitySettingsReader.ReadLogFormat(environment, errors);

        if (errors.Count > 0 || period is null || timeout is null || engine is null || serviceKinds is null)
        {
            return new ConfigurationResult(null, errors, warnings);
        }

        var options = new WatcherOptions
        {
            ServiceKinds = serviceKinds.Value,
            Consul = consul,
            Targets = targets,
            Secret = secret,
            SignatureOnly = signatureOnly ?? false,
            CaCertificatesPem = caCertificates,
            Period = period.Value,
            RequestTimeout = timeout.Value,
            Engine = engine,
            HttpListener = httpListener,
            LogFormat = logFormat,
            Always = flags.Always,
            Debug = flags.Debug,
            Once = flags.Once,
        };
        return new ConfigurationResult(options, errors, warnings);
    }

    internal static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>"http", "consul" or both separated by ',' (any case, spaces allowed); empty means http.</summary>
    private static ServiceKinds? ReadServiceKinds(string? raw, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ServiceKinds.Http;
        }

        var kinds = ServiceKinds.None;
        var valid = true;
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals("http", StringComparison.OrdinalIgnoreCase))
            {
                kinds |= ServiceKinds.Http;
            }
            else if (part.Equals("consul", StringComparison.OrdinalIgnoreCase))
            {
                kinds |= ServiceKinds.Consul;
            }
            else
            {
                errors.Add($"{EnvironmentNames.Service}: '{part}' is not a known service type; use 'http', 'consul' or both ('http,consul').");
                valid = false;
            }
        }

        if (valid && kinds == ServiceKinds.None)
        {
            errors.Add($"{EnvironmentNames.Service}: '{raw.Trim()}' names no service type; use 'http', 'consul' or both ('http,consul').");
            valid = false;
        }

        return valid ? kinds : null;
    }

    private static List<Uri> ReadTargets(string? raw, bool once, List<string> errors)
    {
        var targets = new List<Uri>();
        var malformed = 0;
        foreach (var part in (raw ?? string.Empty).Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host))
            {
                errors.Add($"{EnvironmentNames.ServiceUrl}: '{TargetDisplay.OfRaw(part)}' is not an absolute http:// or https:// URL.");
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
            errors.Add($"{EnvironmentNames.ServiceUrl} is not set: give one or more http(s) URLs separated by '|' (or run with --once to print the snapshot).");
        }

        return targets;
    }
}

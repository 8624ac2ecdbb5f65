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
        Func<string, bool>? fileExists = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(flags);
        fileExists ??= File.Exists;
        var errors = new List<string>();
        var warnings = new List<string>();

        var serviceKind = ReadServiceKind(Get(environment, EnvironmentNames.Service), errors);
        var targets = ReadTargets(Get(environment, EnvironmentNames.ServiceUrl), flags.Once, errors);
        var secret = Get(environment, EnvironmentNames.ServiceSecret);
        if (string.IsNullOrEmpty(secret))
        {
            secret = null;
            if (!flags.Once)
            {
                warnings.Add($"{EnvironmentNames.ServiceSecret} is not set: targets receive no X-SECRET header and cannot tell dupstream from anyone else.");
            }
        }

        var period = SecondsSetting.Parse(EnvironmentNames.Period, Get(environment, EnvironmentNames.Period), WatcherOptions.DefaultPeriod, errors);
        var timeout = SecondsSetting.Parse(EnvironmentNames.ServiceTimeout, Get(environment, EnvironmentNames.ServiceTimeout), WatcherOptions.DefaultRequestTimeout, errors);
        var engine = EngineEndpointReader.Read(environment, fileExists, errors);

        if (errors.Count > 0 || period is null || timeout is null || engine is null || serviceKind is null)
        {
            return new ConfigurationResult(null, errors, warnings);
        }

        var options = new WatcherOptions
        {
            ServiceKind = serviceKind,
            Targets = targets,
            Secret = secret,
            Period = period.Value,
            RequestTimeout = timeout.Value,
            Engine = engine,
            Always = flags.Always,
            Debug = flags.Debug,
            Once = flags.Once,
        };
        return new ConfigurationResult(options, errors, warnings);
    }

    internal static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) ? value : null;

    private static string? ReadServiceKind(string? raw, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return WatcherOptions.DefaultServiceKind;
        }

        var kind = raw.Trim();
        if (kind.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            return WatcherOptions.DefaultServiceKind;
        }

        if (kind.Equals("consul", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{EnvironmentNames.Service}: 'consul' is reserved but not supported yet; use 'http' (the default).");
            return null;
        }

        errors.Add($"{EnvironmentNames.Service}: '{kind}' is not a known service type; the only supported value is 'http'.");
        return null;
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

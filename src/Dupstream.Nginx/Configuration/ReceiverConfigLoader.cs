using System.Globalization;
using System.Net;
using System.Text.Json;
using Dupstream.Common.Secrets;
using Dupstream.Nginx.Validation;

namespace Dupstream.Nginx.Configuration;

/// <summary>
/// Reads the original's config.json (snake_case keys, nested <c>upstream</c> and <c>upstream_file</c>)
/// plus the new keys, applies the PORT and HOSTSFILE environment overrides and checks everything,
/// so a wrong setting stops the program at start with a message naming it.
/// </summary>
internal static class ReceiverConfigLoader
{
    private static readonly SecretSetting SecretSetting = new("secret", "secret_file", SecretFileTrim.LineEnding);

    public static ReceiverConfig Load(string path, Func<string, string?> environment, bool insecure, string baseDirectory)
    {
        var fullPath = Path.GetFullPath(path, baseDirectory);
        if (!File.Exists(fullPath))
        {
            throw new ConfigException($"Config file '{fullPath}' does not exist (set it with --config PATH).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(fullPath), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"Config file '{fullPath}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            return Parse(document.RootElement, environment, insecure, baseDirectory, fullPath);
        }
    }

    public static ReceiverConfig Parse(JsonElement root, Func<string, string?> environment, bool insecure, string baseDirectory, string source = "config")
    {
        var errors = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException($"{source}: the config must be a JSON object.");
        }

        var reader = new ConfigReader(root, errors);
        var defaults = new ReceiverConfig();

        var endpoint = reader.String("endpoint") ?? defaults.Endpoint;
        if (!endpoint.StartsWith('/') || endpoint.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add($"endpoint: '{endpoint}' must be a path starting with '/' and without spaces.");
        }

        var errorsBeforeSecret = errors.Count;
        var secret = ReadSecret(reader, errors, baseDirectory, out var secretKey);
        // What is wrong with the secret (both ways given, unreadable file) is said once, not again as "no secret".
        var secretReported = errors.Count > errorsBeforeSecret;
        if (!secretReported && !insecure && string.IsNullOrEmpty(secret))
        {
            errors.Add("secret: no secret is set; set one shared with the watcher (or secret_file, or start with --insecure to accept any request).");
        }
        else if (!secretReported && !insecure && secret == ReceiverConfig.PlaceholderSecret)
        {
            errors.Add($"{secretKey}: still the placeholder '{ReceiverConfig.PlaceholderSecret}'; set a real secret (or start with --insecure).");
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

        var (tlsCertificate, tlsKey) = ReadTls(reader, errors, baseDirectory);

        var maxRemovedShare = reader.Double("max_removed_share");
        if (maxRemovedShare is < 0 or > 1 || (maxRemovedShare is { } share && double.IsNaN(share)))
        {
            errors.Add($"max_removed_share: {maxRemovedShare?.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1 (or null to turn the guard off).");
        }

        var wipeConfirmSeconds = reader.Double("wipe_confirm_seconds") ?? defaults.WipeConfirmDelay.TotalSeconds;
        if (wipeConfirmSeconds is < 0 or > 86400 || double.IsNaN(wipeConfirmSeconds))
        {
            errors.Add($"wipe_confirm_seconds: {wipeConfirmSeconds.ToString(CultureInfo.InvariantCulture)} must be from 0 to 86400.");
        }

        var upstreamFiles = ReadUpstreamFiles(root, errors, baseDirectory);

        var hostsFile = environment("HOSTSFILE") is { Length: > 0 } envHosts ? envHosts : reader.String("hostsfile") ?? defaults.HostsFile;
        var hostsKey = environment("HOSTSFILE") is { Length: > 0 } ? "HOSTSFILE" : "hostsfile";
        hostsFile = Path.GetFullPath(hostsFile, baseDirectory);
        RequireDirectory(hostsFile, hostsKey, errors);
        if (upstreamFiles.Any(f => f.Value == hostsFile))
        {
            errors.Add($"{hostsKey}: '{hostsFile}' is also an upstream_file; they must differ.");
        }

        var port = reader.Int("port") ?? defaults.Port;
        if (environment("PORT") is { Length: > 0 } envPort)
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
        if (reader.String("listen_address") is { Length: > 0 } listen && listen != "*")
        {
            if (!IPAddress.TryParse(listen, out listenAddress))
            {
                errors.Add($"listen_address: '{listen}' is not an IP address (use '*' or leave it out for every interface).");
            }
        }

        var allowed = ReadAllowedDirectives(reader, errors) ?? defaults.AllowedUpstreamDirectives;

        var prefix = reader.String("upstream_default_prefix") ?? "";
        var suffix = reader.String("upstream_default_suffix") ?? "";
        if (prefix.Length > 0 && DirectiveListParser.Check(prefix, allowed) is { } prefixError)
        {
            errors.Add($"upstream_default_prefix: {prefixError}");
        }

        if (suffix.Length > 0 && DirectiveListParser.Check(suffix, allowed) is { } suffixError)
        {
            errors.Add($"upstream_default_suffix: {suffixError}");
        }

        var upstreamAlways = defaults.UpstreamAlways;
        var upstreamDefault = defaults.UpstreamDefault;
        if (reader.Object("upstream") is { } upstream)
        {
            var nested = new ConfigReader(upstream, errors, "upstream.");
            upstreamAlways = nested.Bool("always") ?? upstreamAlways;
            upstreamDefault = nested.String("default") ?? upstreamDefault;
            nested.RefuseUnknownKeys();
            if (!NameRules.IsHostName(upstreamDefault) && !NameRules.TryParseIp(upstreamDefault, out _))
            {
                errors.Add($"upstream.default: '{upstreamDefault}' is not a host name or IP address.");
            }
        }

        var serverAddress = (reader.String("server_address") ?? "name") switch
        {
            "name" => ServerAddressMode.Name,
            "ip" => ServerAddressMode.Ip,
            var other => Invalid(errors, $"server_address: '{other}' must be \"name\" or \"ip\"."),
        };

        var reload = reader.Bool("reload_nginx_config") ?? defaults.ReloadNginxConfig;
        var reloadCommand = reader.String("reload_nginx_command") ?? defaults.ReloadNginxCommand;
        if (reload && string.IsNullOrWhiteSpace(reloadCommand))
        {
            errors.Add("reload_nginx_command: empty while reload_nginx_config is true.");
        }

        var testCommand = reader.String("nginx_test_command") ?? defaults.NginxTestCommand;
        if (string.IsNullOrWhiteSpace(testCommand))
        {
            errors.Add("nginx_test_command: must not be empty (use \"true\" to skip the test, at your own risk).");
        }

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

        var allowUnsafeNodes = reader.Bool("allow_unsafe_nodes") ?? defaults.AllowUnsafeNodes;
        var sorted = reader.Bool("sorted") ?? defaults.Sorted;
        reader.Known("upstream_file", "upstream", "hostsfile");

        // A misspelt key is not ignored: "require_signatures": true would otherwise leave signatures optional.
        reader.RefuseUnknownKeys();
        if (errors.Count > 0)
        {
            throw new ConfigException($"{source}: " + string.Join(Environment.NewLine + "  ", errors));
        }

        return new ReceiverConfig
        {
            Endpoint = endpoint,
            Secret = string.IsNullOrEmpty(secret) ? null : secret,
            UpstreamFiles = upstreamFiles,
            ReloadNginxConfig = reload,
            ReloadNginxCommand = reloadCommand,
            NginxTestCommand = testCommand,
            Sorted = sorted,
            HostsFile = hostsFile,
            Port = port,
            ListenAddress = listenAddress,
            UpstreamDefaultPrefix = prefix,
            UpstreamDefaultSuffix = suffix,
            UpstreamAlways = upstreamAlways,
            UpstreamDefault = upstreamDefault,
            ServerAddress = serverAddress,
            MaxBodyBytes = maxBody,
            AllowedUpstreamDirectives = allowed,
            CommandTimeout = TimeSpan.FromSeconds(timeoutSeconds),
            MaxNginxTests = maxTests,
            AllowUnsafeNodes = allowUnsafeNodes,
            SignatureWindow = TimeSpan.FromSeconds(windowSeconds),
            RequireSignature = requireSignature,
            TlsCertificatePath = tlsCertificate,
            TlsKeyPath = tlsKey,
            MaxRemovedShare = maxRemovedShare,
            WipeConfirmDelay = TimeSpan.FromSeconds(Math.Clamp(double.IsNaN(wipeConfirmSeconds) ? 0 : wipeConfirmSeconds, 0, 86400)),
        };
    }

    /// <summary>The secret from <c>secret</c> or from <c>secret_file</c> (relative to the config file), by the rules every secret follows.</summary>
    private static string? ReadSecret(ConfigReader reader, List<string> errors, string baseDirectory, out string key)
    {
        var file = reader.String("secret_file");
        var (secret, source) = SecretReader.Read(
            SecretSetting,
            reader.String("secret"),
            string.IsNullOrWhiteSpace(file) ? null : Path.GetFullPath(file.Trim(), baseDirectory),
            SecretFiles.Disk,
            errors);
        key = source ?? (string.IsNullOrWhiteSpace(file) ? "secret" : "secret_file");
        return secret;
    }

    /// <summary>Both PEM paths or neither; the pair must load, so a bad certificate stops the start.</summary>
    private static (string? Certificate, string? Key) ReadTls(ConfigReader reader, List<string> errors, string baseDirectory)
    {
        var certificate = reader.String("tls_certificate") is { Length: > 0 } c ? Path.GetFullPath(c, baseDirectory) : null;
        var key = reader.String("tls_key") is { Length: > 0 } k ? Path.GetFullPath(k, baseDirectory) : null;
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

    private static List<KeyValuePair<string, string>> ReadUpstreamFiles(JsonElement root, List<string> errors, string baseDirectory)
    {
        var files = new List<KeyValuePair<string, string>>();
        if (!root.TryGetProperty("upstream_file", out var element))
        {
            files.Add(new("default", Path.GetFullPath("./docker-upstream-default.conf", baseDirectory)));
            files.Add(new("global", Path.GetFullPath("./docker-upstream-global.conf", baseDirectory)));
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            // The original's first releases took a single path: it is the "default" file.
            AddFile(files, errors, "default", element.GetString()!, "upstream_file", baseDirectory);
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"upstream_file.{property.Name}: must be a file path string.");
                    continue;
                }

                AddFile(files, errors, property.Name, property.Value.GetString()!, $"upstream_file.{property.Name}", baseDirectory);
            }

            if (files.Count == 0 && errors.Count == 0)
            {
                errors.Add("upstream_file: names no file; give at least {\"default\": \"PATH\"}.");
            }
        }
        else
        {
            errors.Add("upstream_file: must be an object of name -> file path (or a single path).");
        }

        return files;
    }

    private static void AddFile(List<KeyValuePair<string, string>> files, List<string> errors, string name, string path, string key, string baseDirectory)
    {
        if (name.Length == 0)
        {
            errors.Add($"{key}: the file name key must not be empty.");
            return;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{key}: the path must not be empty.");
            return;
        }

        var fullPath = Path.GetFullPath(path, baseDirectory);
        if (files.Any(f => f.Value == fullPath))
        {
            errors.Add($"{key}: '{fullPath}' is already used by upstream_file.{files.First(f => f.Value == fullPath).Key}.");
            return;
        }

        if (Directory.Exists(fullPath))
        {
            errors.Add($"{key}: '{fullPath}' is a directory, not a file.");
            return;
        }

        RequireDirectory(fullPath, key, errors);
        files.Add(new(name, fullPath));
    }

    private static void RequireDirectory(string fullPath, string key, List<string> errors)
    {
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is null || !Directory.Exists(directory))
        {
            errors.Add($"{key}: the directory of '{fullPath}' does not exist.");
        }
    }

    private static HashSet<string>? ReadAllowedDirectives(ConfigReader reader, List<string> errors)
    {
        if (reader.Array("allowed_upstream_directives") is not { } array)
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !NameRules.IsDirectiveName(item.GetString()!))
            {
                errors.Add($"allowed_upstream_directives: {item.GetRawText()} is not a directive name (lower-case letters, digits, '_').");
                continue;
            }

            set.Add(item.GetString()!);
        }

        return set;
    }

    private static ServerAddressMode Invalid(List<string> errors, string error)
    {
        errors.Add(error);
        return ServerAddressMode.Name;
    }
}

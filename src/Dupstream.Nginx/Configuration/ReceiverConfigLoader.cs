using System.Text.Json;

namespace Dupstream.Nginx.Configuration;

/// <summary>
/// Reads the original's config.json (snake_case keys, nested <c>upstream</c> and <c>upstream_file</c>)
/// plus the new keys, applies the PORT and HOSTSFILE environment overrides and checks everything, one reader
/// per concern, collecting every error, so a wrong setting stops the program at start with a message naming it.
/// </summary>
internal static class ReceiverConfigLoader
{
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
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException($"{source}: the config must be a JSON object.");
        }

        var errors = new List<string>();
        var reader = new ConfigReader(root, errors);
        var from = new SettingsSource(reader, errors, environment, insecure, baseDirectory);
        var listening = ListeningSettingsReader.Read(from);
        var security = SecuritySettingsReader.Read(from);
        var guard = GuardSettingsReader.Read(from);
        var output = OutputSettingsReader.Read(from, root);
        var hosts = HostsSettingsReader.Read(from, output.UpstreamFiles);
        var commands = CommandSettingsReader.Read(from);
        var config = new ReceiverConfig
        {
            Listening = listening,
            Security = security,
            Guard = guard,
            Output = output,
            Hosts = hosts,
            Commands = commands,
            Limits = LimitSettingsReader.Read(from),
            Apply = ApplySettingsReader.Read(from, output, commands),
        };
        reader.Known("upstream_file", "upstream", "hostsfile");

        // A misspelt key is not ignored: "require_signatures": true would otherwise leave signatures optional.
        reader.RefuseUnknownKeys();
        if (errors.Count > 0)
        {
            throw new ConfigException($"{source}: " + string.Join(Environment.NewLine + "  ", errors));
        }

        return config;
    }
}

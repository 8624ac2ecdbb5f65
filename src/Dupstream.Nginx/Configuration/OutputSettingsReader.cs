using System.Text.Json;
using Dupstream.Nginx.Flavours.Nginx.Directives;

namespace Dupstream.Nginx.Configuration;

/// <summary>
/// Reads and checks <c>upstream_file</c>, <c>allowed_upstream_directives</c>, the default prefix and suffix,
/// <c>upstream</c> (always, default), <c>server_address</c> and <c>sorted</c>.
/// </summary>
internal static class OutputSettingsReader
{
    public static OutputSettings Read(SettingsSource source, JsonElement root)
    {
        var (reader, errors) = (source.Reader, source.Errors);
        var defaults = new OutputSettings();
        var upstreamFiles = ReadUpstreamFiles(source, root);
        var allowed = ReadAllowedDirectives(source) ?? defaults.AllowedUpstreamDirectives;

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

        return new OutputSettings
        {
            UpstreamFiles = upstreamFiles,
            Sorted = reader.Bool("sorted") ?? defaults.Sorted,
            UpstreamDefaultPrefix = prefix,
            UpstreamDefaultSuffix = suffix,
            UpstreamAlways = upstreamAlways,
            UpstreamDefault = upstreamDefault,
            ServerAddress = serverAddress,
            AllowedUpstreamDirectives = allowed,
        };
    }

    private static List<KeyValuePair<string, string>> ReadUpstreamFiles(SettingsSource source, JsonElement root)
    {
        var errors = source.Errors;
        var files = new List<KeyValuePair<string, string>>();
        if (!root.TryGetProperty("upstream_file", out var element))
        {
            files.Add(new("default", source.FullPath("./docker-upstream-default.conf")));
            files.Add(new("global", source.FullPath("./docker-upstream-global.conf")));
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            // The original's first releases took a single path: it is the "default" file.
            AddFile(source, files, "default", element.GetString()!, "upstream_file");
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            var errorsBefore = errors.Count;
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"upstream_file.{property.Name}: must be a file path string.");
                    continue;
                }

                AddFile(source, files, property.Name, property.Value.GetString()!, $"upstream_file.{property.Name}");
            }

            if (files.Count == 0 && errors.Count == errorsBefore)
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

    private static void AddFile(SettingsSource source, List<KeyValuePair<string, string>> files, string name, string path, string key)
    {
        var errors = source.Errors;
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

        var fullPath = source.FullPath(path);
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

        source.RequireDirectory(fullPath, key);
        files.Add(new(name, fullPath));
    }

    private static HashSet<string>? ReadAllowedDirectives(SettingsSource source)
    {
        if (source.Reader.Array("allowed_upstream_directives") is not { } array)
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !NameRules.IsDirectiveName(item.GetString()!))
            {
                source.Errors.Add($"allowed_upstream_directives: {item.GetRawText()} is not a directive name (lower-case letters, digits, '_').");
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

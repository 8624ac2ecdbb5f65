using System.Text.Json;

namespace Dupstream.SyntheticEngine.Http;

/// <summary>
/// Parses the engine's <c>filters</c> query parameter in both forms it accepts:
/// <c>{"key":["a","b"]}</c> (the docker CLI) and <c>{"key":{"a":true}}</c> (Docker.DotNet and older clients).
/// </summary>
public static class EngineFilters
{
    public static Dictionary<string, HashSet<string>> Parse(string? text)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("filters must be a JSON object");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            var values = new HashSet<string>(StringComparer.Ordinal);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Array:
                    values.UnionWith(property.Value.EnumerateArray().Select(v => v.GetString() ?? string.Empty));
                    break;
                case JsonValueKind.Object:
                    values.UnionWith(property.Value.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.True).Select(v => v.Name));
                    break;
                default:
                    throw new FormatException($"filter '{property.Name}' must be a list or a map");
            }

            result[property.Name] = values;
        }

        return result;
    }
}

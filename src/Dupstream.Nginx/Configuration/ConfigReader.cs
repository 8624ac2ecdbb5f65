using System.Text.Json;
using Dupstream.Common.Text;

namespace Dupstream.Nginx.Configuration;

/// <summary>
/// Typed access to one JSON object of the config; a wrong type is recorded as an error naming the key. It
/// remembers every key asked for, so the keys nobody asked for (typos) can be refused by name.
/// </summary>
internal sealed class ConfigReader(JsonElement element, List<string> errors, string keyPrefix = "")
{
    private readonly HashSet<string> asked = new(StringComparer.Ordinal);

    /// <summary>Marks keys read some other way than through this reader.</summary>
    public void Known(params string[] keys) => asked.UnionWith(keys);

    /// <summary>Records an error naming each key of the object that was never asked for.</summary>
    public void RefuseUnknownKeys()
    {
        foreach (var property in element.EnumerateObject().Where(p => !asked.Contains(p.Name)))
        {
            var close = asked.Order(StringComparer.Ordinal).FirstOrDefault(known => Distance(Normal(known), Normal(property.Name)) <= 2);
            errors.Add($"{keyPrefix}{LogText.Printable(property.Name)}: not a setting of dupstream-nginx{(close is null ? "" : $" (did you mean '{keyPrefix}{close}'?)")}; remove it or fix its name.");
        }
    }

    private static string Normal(string key) =>
        new(key.ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    /// <summary>Levenshtein distance, for "did you mean": config keys are short.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    public string? String(string key) => Get(key, JsonValueKind.String, "a string") is { } value ? value.GetString() : null;

    public bool? Bool(string key)
    {
        asked.Add(key);
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add($"{keyPrefix}{key}: must be true or false, not {value.GetRawText()}.");
        return null;
    }

    public int? Int(string key)
    {
        if (Get(key, JsonValueKind.Number, "a whole number") is not { } value)
        {
            return null;
        }

        if (value.TryGetInt32(out var number))
        {
            return number;
        }

        errors.Add($"{keyPrefix}{key}: must be a whole number, not {value.GetRawText()}.");
        return null;
    }

    public long? Long(string key)
    {
        if (Get(key, JsonValueKind.Number, "a whole number") is not { } value)
        {
            return null;
        }

        if (value.TryGetInt64(out var number))
        {
            return number;
        }

        errors.Add($"{keyPrefix}{key}: must be a whole number, not {value.GetRawText()}.");
        return null;
    }

    public double? Double(string key)
    {
        if (Get(key, JsonValueKind.Number, "a number") is not { } value)
        {
            return null;
        }

        return value.GetDouble();
    }

    public JsonElement? Object(string key) => Get(key, JsonValueKind.Object, "an object");

    public JsonElement? Array(string key) => Get(key, JsonValueKind.Array, "an array");

    private JsonElement? Get(string key, JsonValueKind kind, string what)
    {
        asked.Add(key);
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == kind)
        {
            return value;
        }

        errors.Add($"{keyPrefix}{key}: must be {what}, not {value.GetRawText()}.");
        return null;
    }
}

using System.Text.Json;

namespace Dupstream.Nginx.Configuration;

/// <summary>Typed access to one JSON object of the config; a wrong type is recorded as an error naming the key.</summary>
internal sealed class ConfigReader(JsonElement element, List<string> errors, string keyPrefix = "")
{
    public string? String(string key) => Get(key, JsonValueKind.String, "a string") is { } value ? value.GetString() : null;

    public bool? Bool(string key)
    {
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

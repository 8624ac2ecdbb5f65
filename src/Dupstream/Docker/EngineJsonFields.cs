using System.Text.Json;

namespace Dupstream.Docker;

/// <summary>
/// Building blocks of the element readers. Each moves the reader and returns false when the buffered data ends
/// first (the element is then read again once more data is in); malformed or mistyped JSON throws.
/// </summary>
internal static class EngineJsonFields
{
    /// <summary>Next property name of the current object (<paramref name="atEnd"/> at its EndObject).</summary>
    public static bool TryNextProperty(ref Utf8JsonReader reader, out bool atEnd)
    {
        atEnd = false;
        if (!reader.Read())
        {
            return false;
        }

        atEnd = reader.TokenType == JsonTokenType.EndObject;
        return true;
    }

    /// <summary>Moves to the property's value and reads it as a string; JSON null reads as "".</summary>
    public static bool TryString(ref Utf8JsonReader reader, out string value)
    {
        value = string.Empty;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString()!;
        }
        else if (reader.TokenType != JsonTokenType.Null)
        {
            throw Unexpected(ref reader, "a string");
        }

        return true;
    }

    /// <summary>Like <see cref="TryString"/>, but the string comes from <paramref name="pool"/> (engine IDs).</summary>
    public static bool TryId(ref Utf8JsonReader reader, IdPool pool, out string value)
    {
        value = string.Empty;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            value = pool.Get(ref reader);
        }
        else if (reader.TokenType != JsonTokenType.Null)
        {
            throw Unexpected(ref reader, "a string");
        }

        return true;
    }

    /// <summary>Like <see cref="TryString"/>, but the engine's common state words come back as shared strings.</summary>
    public static bool TryWord(ref Utf8JsonReader reader, out string value)
    {
        value = string.Empty;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.ValueTextEquals("running"u8) ? "running"
                : reader.ValueTextEquals("shutdown"u8) ? "shutdown"
                : reader.ValueTextEquals("ready"u8) ? "ready"
                : reader.ValueTextEquals("active"u8) ? "active"
                : reader.GetString()!;
        }
        else if (reader.TokenType != JsonTokenType.Null)
        {
            throw Unexpected(ref reader, "a string");
        }

        return true;
    }

    /// <summary>A port number; JSON null reads as 0, as the library's nullable uint did.</summary>
    public static bool TryPort(ref Utf8JsonReader reader, out int value)
    {
        value = 0;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.Null)
        {
            value = checked((int)reader.GetUInt32());
        }

        return true;
    }

    /// <summary>Moves to the property's value: <paramref name="isObject"/> when it is an object to walk into; null is allowed.</summary>
    public static bool TryEnterObject(ref Utf8JsonReader reader, out bool isObject)
    {
        isObject = false;
        if (!reader.Read())
        {
            return false;
        }

        isObject = reader.TokenType == JsonTokenType.StartObject;
        if (!isObject && reader.TokenType != JsonTokenType.Null)
        {
            throw Unexpected(ref reader, "an object");
        }

        return true;
    }

    /// <summary>Moves past the value of the current property, whatever it is.</summary>
    public static bool TrySkipValue(ref Utf8JsonReader reader) => reader.Read() && reader.TrySkip();

    /// <summary>Reads one string property of a nested object, skipping the rest (<paramref name="value"/> stays null when absent).</summary>
    public static bool TryReadOne(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref string? value)
    {
        if (!TryEnterObject(ref reader, out var isObject))
        {
            return false;
        }

        while (isObject)
        {
            if (!TryNextProperty(ref reader, out var atEnd))
            {
                return false;
            }

            if (atEnd)
            {
                break;
            }

            if (reader.ValueTextEquals(name))
            {
                if (!TryWord(ref reader, out var read))
                {
                    return false;
                }

                value = read;
            }
            else if (!TrySkipValue(ref reader))
            {
                return false;
            }
        }

        return true;
    }

    public static JsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"Expected {expected} at byte {reader.TokenStartIndex} of the engine's answer, found {reader.TokenType}.");
}

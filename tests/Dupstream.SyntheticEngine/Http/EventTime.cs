using System.Globalization;

namespace Dupstream.SyntheticEngine.Http;

/// <summary>The engine's since/until values: Unix seconds with an optional fraction ("1795620719.366480000").</summary>
public static class EventTime
{
    public static long? ParseNano(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split('.', 2);
        if (!long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new FormatException($"'{text}' is not a timestamp (seconds[.nanoseconds])");
        }

        long nanos = 0;
        if (parts.Length == 2)
        {
            var digits = parts[1].PadRight(9, '0')[..9];
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out nanos))
            {
                throw new FormatException($"'{text}' is not a timestamp (seconds[.nanoseconds])");
            }
        }

        return (seconds * 1_000_000_000) + nanos;
    }
}

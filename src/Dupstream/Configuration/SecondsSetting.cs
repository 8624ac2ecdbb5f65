using System.Globalization;

namespace Dupstream.Configuration;

/// <summary>Parses a duration given in seconds, decimals allowed ("0.5"), always with '.' whatever the locale.</summary>
internal static class SecondsSetting
{
    // A day is far beyond any sensible period or timeout, and keeps TimeSpan arithmetic far from overflow.
    public const double MaximumSeconds = 86_400;

    public static TimeSpan? Parse(string name, string? raw, TimeSpan fallback, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        var text = raw.Trim();
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            errors.Add($"{name}: '{text}' is not a number of seconds (examples: 3, 0.5).");
            return null;
        }

        if (seconds <= 0)
        {
            errors.Add($"{name}: '{text}' must be greater than 0 seconds.");
            return null;
        }

        if (seconds > MaximumSeconds)
        {
            errors.Add($"{name}: '{text}' must be at most {MaximumSeconds.ToString(CultureInfo.InvariantCulture)} seconds.");
            return null;
        }

        var value = TimeSpan.FromSeconds(seconds);
        if (value < TimeSpan.FromMilliseconds(1))
        {
            errors.Add($"{name}: '{text}' must be at least 0.001 seconds.");
            return null;
        }

        return value;
    }
}

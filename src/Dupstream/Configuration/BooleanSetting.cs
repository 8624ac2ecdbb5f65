using Dupstream.Common.Text;

namespace Dupstream.Configuration;

/// <summary>A boolean environment setting, read as Go's strconv.ParseBool reads one (what Consul's own CLI accepts too).</summary>
internal static class BooleanSetting
{
    private static readonly string[] TrueWords = ["1", "t", "T", "TRUE", "true", "True"];
    private static readonly string[] FalseWords = ["0", "f", "F", "FALSE", "false", "False"];

    /// <returns>The value, <paramref name="fallback"/> when unset, or null (and one error naming the setting) when unreadable.</returns>
    public static bool? Parse(string name, string? raw, bool fallback, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        var text = raw.Trim();
        if (TrueWords.Contains(text, StringComparer.Ordinal))
        {
            return true;
        }

        if (FalseWords.Contains(text, StringComparer.Ordinal))
        {
            return false;
        }

        errors.Add($"{name}: '{LogText.Printable(text)}' is not a boolean (use true or false).");
        return null;
    }
}

using System.Globalization;

namespace Dupstream.Common.Text;

/// <summary>
/// The one rule for echoing untrusted text (a header, a service name, a setting's value, a peer's error body) in a
/// log line, an answer or an error message: control characters, invisible format characters (bidi overrides) and
/// line or paragraph separators become '?', and the text is cut at <see cref="MaxLength"/> characters. A value
/// must not be able to forge a log line or flood the log.
/// </summary>
public static class LogText
{
    public const int MaxLength = 80;

    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = new string(text.Take(MaxLength).Select(c => IsUnsafe(c) ? '?' : c).ToArray());
        return text.Length > MaxLength ? clean + "..." : clean;
    }

    public static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}

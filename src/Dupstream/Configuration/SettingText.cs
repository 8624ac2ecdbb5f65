namespace Dupstream.Configuration;

/// <summary>How a setting's value is quoted in an error: at most 40 characters, control characters shown as '?'.</summary>
internal static class SettingText
{
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = new string([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 40 ? clean + "..." : clean;
    }
}

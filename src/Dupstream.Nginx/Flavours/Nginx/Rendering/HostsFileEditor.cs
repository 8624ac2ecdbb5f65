namespace Dupstream.Nginx.Flavours.Nginx.Rendering;

/// <summary>
/// Pure: replaces the receiver's section of a hosts file. Every complete
/// <c># &lt;HOST-CONFIG&gt;</c> .. <c># &lt;/HOST-CONFIG&gt;</c> block is removed wherever it is, every
/// other line is kept as it was, and the new section is appended at the end (as the original did).
/// A marker without its partner is left alone: it pairs each closing marker with the nearest opening
/// one before it, so a stray opening marker can never swallow the user's own lines.
/// </summary>
internal static class HostsFileEditor
{
    public static string Replace(string existing, string section)
    {
        var lines = existing.Split('\n');
        var remove = InSection(lines);
        var kept = string.Join('\n', lines.Where((_, i) => !remove[i]));
        if (kept.Length > 0 && !kept.EndsWith('\n'))
        {
            kept += "\n";
        }

        return kept + section;
    }

    /// <summary>
    /// Every host name the file gives outside the receiver's section, lower-cased (resolvers compare without
    /// case): a node must not take one of them over.
    /// </summary>
    public static IReadOnlySet<string> NamesOutsideSection(string existing)
    {
        var lines = existing.Split('\n');
        var inSection = InSection(lines);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Where((_, i) => !inSection[i]))
        {
            var fields = line.Split('#')[0].Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            names.UnionWith(fields.Skip(1));
        }

        return names;
    }

    private static bool[] InSection(string[] lines)
    {
        var remove = new bool[lines.Length];
        var open = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line == HostsSectionRenderer.Header)
            {
                open = i;
            }
            else if (line == HostsSectionRenderer.Footer && open >= 0)
            {
                Array.Fill(remove, true, open, i - open + 1);
                open = -1;
            }
        }

        return remove;
    }
}

namespace Dupstream.Nginx.Applying;

/// <summary>
/// Pure: splits an upstream file in the renderer's layout into its blocks, so a line nginx names can be
/// traced to a service and a block that was on disk can be kept. A file not in that layout (edited by
/// hand) gives null: nothing in it can be traced or kept.
/// </summary>
internal static class UpstreamBlocks
{
    public static IReadOnlyList<UpstreamBlock>? Split(string content)
    {
        var blocks = new List<UpstreamBlock>();
        var lines = content.Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            if (lines[i].Length == 0)
            {
                i++;
                continue;
            }

            if (!lines[i].StartsWith("upstream ", StringComparison.Ordinal) || !lines[i].EndsWith(" {", StringComparison.Ordinal))
            {
                return null;
            }

            var first = i;
            var name = lines[i]["upstream ".Length..^" {".Length];
            while (i < lines.Length && lines[i] != "}")
            {
                i++;
            }

            if (i == lines.Length)
            {
                return null;
            }

            // The renderer ends every block with "}\n\n": the blank line belongs to the block.
            var last = i;
            var text = string.Join('\n', lines[first..(last + 1)]) + "\n\n";
            blocks.Add(new UpstreamBlock(name, text, first + 1, last + 1));
            i = last + 1;
        }

        return blocks;
    }
}

namespace Dupstream.Nginx.Applying;

/// <summary>
/// Pure: the upstream files as they are on disk and as the render wants them, cut into per-service block
/// changes, so that any set of changes can be held back and the files composed without them. This is
/// what lets the applier leave out the one service <c>nginx -t</c> refuses and apply the rest.
/// </summary>
internal sealed class RenderPlan
{
    private readonly List<(string Path, IReadOnlyList<UpstreamBlock> Wanted)> files = [];

    public RenderPlan(IEnumerable<(string Path, string Current, string Wanted)> contents)
    {
        foreach (var (path, current, wanted) in contents)
        {
            // The render is always in the block layout; a hand-edited file on disk may not be, and then
            // nothing of it can be kept block by block.
            var wantedBlocks = UpstreamBlocks.Split(wanted) ?? throw new ArgumentException($"the render of {path} is not in the block layout", nameof(contents));
            var currentBlocks = UpstreamBlocks.Split(current) ?? [];
            files.Add((path, wantedBlocks));
            foreach (var block in wantedBlocks)
            {
                var old = currentBlocks.FirstOrDefault(b => b.Name == block.Name);
                if (old?.Text != block.Text)
                {
                    Changes.Add(new BlockChange(path, block.Name, old?.Text, block.Text));
                }
            }

            foreach (var old in currentBlocks.Where(b => wantedBlocks.All(w => w.Name != b.Name)))
            {
                Changes.Add(new BlockChange(path, old.Name, old.Text, null));
            }
        }
    }

    /// <summary>Every block the render adds, changes or removes, in file and render order.</summary>
    public List<BlockChange> Changes { get; } = [];

    public IEnumerable<string> Paths => files.Select(f => f.Path);

    /// <summary>The content of one file with the given changes held back (kept as on disk).</summary>
    public string Compose(string path, IReadOnlySet<BlockChange> heldBack)
    {
        var wanted = files.First(f => f.Path == path).Wanted;
        var held = heldBack.Where(c => c.Path == path).ToList();
        var text = new System.Text.StringBuilder();
        foreach (var block in wanted)
        {
            text.Append(held.FirstOrDefault(c => c.Name == block.Name) is { } change ? change.OldText : block.Text);
        }

        // A removal held back keeps the block that was on disk, after the rendered ones.
        foreach (var kept in held.Where(c => c.NewText is null))
        {
            text.Append(kept.OldText);
        }

        return text.ToString();
    }

    /// <summary>The change whose block holds that line of that file once the held-back changes are composed, if any.</summary>
    public BlockChange? ChangeAt(string path, int line, IReadOnlySet<BlockChange> heldBack)
    {
        if (!files.Any(f => f.Path == path))
        {
            return null;
        }

        var block = UpstreamBlocks.Split(Compose(path, heldBack))?.FirstOrDefault(b => line >= b.FirstLine && line <= b.LastLine);
        return block is null ? null : Changes.FirstOrDefault(c => c.Path == path && c.Name == block.Name && !heldBack.Contains(c));
    }
}

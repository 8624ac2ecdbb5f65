namespace Dupstream.Bench.Reloads.Cluster;

/// <summary>
/// What the driver does, as a pure list: a rolling update of <see cref="RollingService"/> (its replicas' nodes
/// replaced one at a time, a window sliding over the pool), then <see cref="ScaledService"/> scaled 1 -> 10 -> 1
/// in a loop. <see cref="StreamService"/> carries the long-lived streams and never changes.
/// </summary>
internal sealed class ChangePlan
{
    public const string RollingService = "web";
    public const string ScaledService = "api";
    public const string StreamService = "feed";
    public const int Replicas = 3;
    public const int ScaledUp = 10;

    public ChangePlan(int nodeCount, int rollingChanges, int scaleChanges)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, Math.Max(ScaledUp, Replicas + 1));
        Initial = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal)
        {
            [StreamService] = Window(0, Replicas, nodeCount),
            [RollingService] = Window(0, Replicas, nodeCount),
            [ScaledService] = Window(0, 1, nodeCount),
        };
        var changes = new List<MembershipChange>();
        for (var step = 1; step <= rollingChanges; step++)
        {
            changes.Add(new MembershipChange("rolling update", RollingService, Window(step - 1, Replicas, nodeCount), Window(step, Replicas, nodeCount)));
        }

        for (var step = 1; step <= scaleChanges; step++)
        {
            var up = step % 2 == 1;
            changes.Add(new MembershipChange("scale 1 <-> 10", ScaledService, Window(0, up ? 1 : ScaledUp, nodeCount), Window(0, up ? ScaledUp : 1, nodeCount)));
        }

        Changes = changes;
    }

    public IReadOnlyDictionary<string, IReadOnlySet<int>> Initial { get; }

    public IReadOnlyList<MembershipChange> Changes { get; }

    /// <summary>Nodes start+1 .. start+count, wrapping around the pool (node numbers are 1-based).</summary>
    private static HashSet<int> Window(int start, int count, int nodeCount) =>
        Enumerable.Range(start, count).Select(i => (i % nodeCount) + 1).ToHashSet();
}

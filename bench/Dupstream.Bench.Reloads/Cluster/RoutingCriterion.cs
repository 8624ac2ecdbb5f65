namespace Dupstream.Bench.Reloads.Cluster;

/// <summary>
/// When a batch of answers, asked for at the same time on fresh connections, proves that nginx routes to a
/// change's new set. An answer from an added node could not have come from the old set, so one proves it. A
/// change that only removes nodes is proven by a whole batch answered by the nodes that remain: with per-worker
/// round robin over the old set (2 workers, at least 2 more peers) that is as good as impossible. Pure.
/// </summary>
internal static class RoutingCriterion
{
    /// <summary>Requests per batch: enough that round robin over an old set cannot answer a whole batch from the new one.</summary>
    public const int BatchSize = 3;

    /// <param name="batch">Node numbers of one batch's answers (0: not a node's answer).</param>
    public static bool IsRouted(MembershipChange change, IReadOnlyList<int> batch)
    {
        var added = change.Added;
        return added.Count > 0
            ? batch.Any(added.Contains)
            : batch.Count == BatchSize && batch.All(change.After.Contains);
    }

    /// <summary>Whether an answer came from a node the change removed (old routing, seen after the receiver's answer).</summary>
    public static bool IsStale(MembershipChange change, int answer) => change.Removed.Contains(answer);
}

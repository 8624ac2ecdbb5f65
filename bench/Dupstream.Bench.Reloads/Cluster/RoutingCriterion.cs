namespace Dupstream.Bench.Reloads.Cluster;

/// <summary>
/// When answers on fresh connections prove that nginx routes to a change's new set. An answer from an added node
/// could not have come from the old set, so it proves it at once. A change that only removes nodes proves it by
/// <see cref="ConsecutiveForRemoval"/> answers in a row from the nodes that remain: with per-worker round robin
/// over the old set (2 workers) that is as good as impossible. Pure.
/// </summary>
internal static class RoutingCriterion
{
    public const int ConsecutiveForRemoval = 3;

    /// <param name="answers">Node numbers of the answers so far, oldest first (0: not a node's answer).</param>
    public static bool IsRouted(MembershipChange change, IReadOnlyList<int> answers)
    {
        if (answers.Count == 0)
        {
            return false;
        }

        var added = change.Added;
        if (added.Count > 0)
        {
            return added.Contains(answers[^1]);
        }

        return answers.Count >= ConsecutiveForRemoval
            && answers.Skip(answers.Count - ConsecutiveForRemoval).All(change.After.Contains);
    }

    /// <summary>Whether an answer came from a node the change removed (old routing, seen after the receiver's answer).</summary>
    public static bool IsStale(MembershipChange change, int answer) => change.Removed.Contains(answer);
}

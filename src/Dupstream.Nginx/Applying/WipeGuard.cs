namespace Dupstream.Nginx.Applying;

/// <summary>
/// Refuses an apply that would remove more than <c>max_removed_share</c> of the server lines on disk,
/// unless the very next snapshot that reaches the apply step renders exactly the same files (the
/// confirmation). A watcher that built a snapshot from a failed or partial listing corrects it with
/// its next one, so the wipe never happens; a real mass removal is simply sent again. Not
/// thread-safe: the apply queue calls it one apply at a time.
/// </summary>
internal sealed class WipeGuard(double? maxRemovedShare)
{
    private string? pendingFingerprint;

    /// <param name="current">The upstream files as they are on disk now.</param>
    /// <param name="next">The upstream files the snapshot renders.</param>
    /// <param name="fingerprint">Identifies the whole render (every file and the hosts section).</param>
    public WipeVerdict Check(IEnumerable<string> current, IEnumerable<string> next, string fingerprint)
    {
        var confirming = pendingFingerprint == fingerprint;
        pendingFingerprint = null;
        if (maxRemovedShare is not { } max)
        {
            return new WipeVerdict(false, false, 0, 0);
        }

        var now = ServerLines.Count(current);
        var total = now.Values.Sum();
        var removed = ServerLines.Removed(now, ServerLines.Count(next));
        if (total == 0 || removed <= max * total)
        {
            return new WipeVerdict(false, false, removed, total);
        }

        if (confirming)
        {
            return new WipeVerdict(false, true, removed, total);
        }

        pendingFingerprint = fingerprint;
        return new WipeVerdict(true, false, removed, total);
    }

    /// <summary>A snapshot that needed no apply still counts as "the next one": it cancels a pending confirmation.</summary>
    public void Forget() => pendingFingerprint = null;
}

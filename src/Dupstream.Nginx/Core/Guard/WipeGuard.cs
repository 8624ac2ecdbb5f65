namespace Dupstream.Nginx.Core.Guard;

/// <summary>
/// Refuses an apply that would remove more than <c>max_removed_share</c> of the server lines of the last
/// confirmed state, until the same render comes again at least <c>wipe_confirm_seconds</c> after it was
/// first refused. The watcher's own quick retry of a refused body cannot confirm it; a later snapshot that
/// still shows the removal can. The confirmed state moves on once per delay, so several smaller removals
/// in a row are summed against it instead of each passing alone. Not thread-safe: the apply queue calls it
/// one apply at a time.
/// </summary>
internal sealed class WipeGuard(IServerLineCounter serverLines, double? maxRemovedShare, TimeSpan confirmAfter, TimeProvider time)
{
    private Dictionary<string, int>? confirmed;
    private DateTimeOffset confirmedAt;
    private string? pendingFingerprint;
    private DateTimeOffset pendingSince;

    /// <param name="current">The upstream files as they are on disk now.</param>
    /// <param name="next">The upstream files the snapshot renders.</param>
    /// <param name="fingerprint">Identifies the whole render (every file and the hosts section).</param>
    public WipeVerdict Check(IEnumerable<string> current, IEnumerable<string> next, string fingerprint)
    {
        if (maxRemovedShare is not { } max)
        {
            return new WipeVerdict(false, false, 0, 0, TimeSpan.Zero);
        }

        var now = time.GetUtcNow();
        if (confirmed is null || now - confirmedAt >= confirmAfter)
        {
            // A state that stood for a whole delay counts as confirmed.
            confirmed = serverLines.Count(current);
            confirmedAt = now;
        }

        var wanted = serverLines.Count(next);
        var total = confirmed.Values.Sum();
        var removed = ServerLineCounts.Removed(confirmed, wanted);
        if (total == 0 || removed <= max * total)
        {
            // Lines it adds join the confirmed state and lines it removes stay in it, so the next removal
            // within the delay is counted together with this one.
            foreach (var (line, count) in wanted)
            {
                confirmed[line] = Math.Max(count, confirmed.GetValueOrDefault(line));
            }

            pendingFingerprint = null;
            return new WipeVerdict(false, false, removed, total, TimeSpan.Zero);
        }

        if (pendingFingerprint == fingerprint && now - pendingSince >= confirmAfter)
        {
            pendingFingerprint = null;
            confirmed = wanted;
            confirmedAt = now;
            return new WipeVerdict(false, true, removed, total, TimeSpan.Zero);
        }

        if (pendingFingerprint != fingerprint)
        {
            pendingFingerprint = fingerprint;
            pendingSince = now;
        }

        return new WipeVerdict(true, false, removed, total, confirmAfter - (now - pendingSince));
    }

    /// <summary>A snapshot that needed no apply still counts as "another one": it cancels a pending confirmation.</summary>
    public void Forget() => pendingFingerprint = null;
}

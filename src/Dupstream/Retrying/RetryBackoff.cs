namespace Dupstream.Retrying;

/// <summary>
/// Exponential backoff with "equal jitter": half the delay is fixed, half random, so many watchers that lost the
/// same target do not retry in lockstep, yet a retry never comes sooner than half the nominal delay.
/// </summary>
internal static class RetryBackoff
{
    /// <param name="attempt">1 for the first retry.</param>
    /// <param name="jitter">A sample in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan cap, double jitter)
    {
        if (attempt < 1)
        {
            attempt = 1;
        }

        var exponent = Math.Min(attempt - 1, 30);
        var nominal = Math.Min(cap.Ticks, initial.Ticks * Math.Pow(2, exponent));
        var half = nominal / 2;
        var ticks = half + (half * Math.Clamp(jitter, 0, 1));
        return TimeSpan.FromTicks((long)Math.Min(cap.Ticks, ticks));
    }
}

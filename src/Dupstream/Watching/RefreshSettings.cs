using Dupstream.Configuration;

namespace Dupstream.Watching;

/// <summary>
/// Pacing of the refresh loop. Tasks have no events, so after a change the loop polls tasks quickly, slowing from
/// <see cref="FastPollInitial"/> by <see cref="FastPollGrowth"/> per poll until it is back at the period; any new
/// change restarts the fast phase. While a listing shows tasks on their way to running, the fast phase stays at
/// <see cref="FastPollInitial"/> for at most <see cref="StartingPollLimit"/> polls (a task stuck in "pending"
/// must not keep the loop busy for ever). Engine failures are retried from <see cref="RetryInitial"/>, doubling, capped at
/// the period (a down engine costs no more requests than an idle one).
/// </summary>
internal sealed record RefreshSettings(TimeSpan Period, TimeSpan FastPollInitial, double FastPollGrowth, TimeSpan RetryInitial, TimeSpan RetryCap)
{
    /// <summary>How long after a change the loop keeps polling fast while tasks are still starting.</summary>
    public static readonly TimeSpan StartingWindow = TimeSpan.FromSeconds(30);

    public int StartingPollLimit => (int)Math.Ceiling(StartingWindow / FastPollInitial);

    public static RefreshSettings From(WatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var period = options.Period;
        var fast = TimeSpan.FromMilliseconds(100);
        var retry = TimeSpan.FromMilliseconds(200);
        return new RefreshSettings(period, fast < period ? fast : period, 1.5, retry < period ? retry : period, period);
    }

    /// <summary>The next fast-poll delay, or null when the fast phase is over.</summary>
    public TimeSpan? NextFastPoll(TimeSpan current)
    {
        var next = TimeSpan.FromTicks((long)(current.Ticks * FastPollGrowth));
        return next < Period ? next : null;
    }
}

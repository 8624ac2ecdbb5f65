namespace Dupstream.Watching;

/// <summary>
/// Pacing of the refresh loop. Tasks have no events, so after a change the loop polls the changed services'
/// tasks quickly, slowing from <see cref="FastPollInitial"/> by <see cref="FastPollGrowth"/> per poll until it
/// is back at the period; any new change restarts the fast phase. While those polls show tasks on their way to
/// running, the loop stays at <see cref="FastPollInitial"/> for <see cref="DenseWindow"/>, then polls every
/// <see cref="StartingPoll"/> until <see cref="StartingWindow"/> is over (a task stuck in "pending" must not
/// keep the loop busy for ever). Engine failures are retried from <see cref="RetryInitial"/>, doubling, capped at
/// the period (a down engine costs no more requests than an idle one).
/// </summary>
internal sealed record RefreshSettings(TimeSpan Period, TimeSpan FastPollInitial, double FastPollGrowth, TimeSpan RetryInitial, TimeSpan RetryCap)
{
    /// <summary>How long after a change the loop keeps polling fast while tasks are still starting.</summary>
    public static readonly TimeSpan StartingWindow = TimeSpan.FromSeconds(30);

    /// <summary>How long of that it polls at <see cref="FastPollInitial"/> (most tasks start within it).</summary>
    public static readonly TimeSpan DenseWindow = TimeSpan.FromSeconds(3);

    public int DensePollLimit => (int)Math.Ceiling(DenseWindow / FastPollInitial);

    /// <summary>The pace of the starting polls after the dense window.</summary>
    public TimeSpan StartingPoll => FastPollInitial * 10 < Period ? FastPollInitial * 10 : Period;

    public int StartingPollLimit => DensePollLimit + (int)Math.Ceiling((StartingWindow - DenseWindow) / StartingPoll);

    public static RefreshSettings From(TimeSpan period)
    {
        // A follow-up poll asks about a few services only, so it can be dense without costing the engine much.
        var fast = TimeSpan.FromMilliseconds(25);
        var retry = TimeSpan.FromMilliseconds(200);
        return new RefreshSettings(period, fast < period ? fast : period, 1.5, retry < period ? retry : period, period);
    }

    /// <summary>The next fast-poll delay, or null when the fast phase is over.</summary>
    public TimeSpan? NextFastPoll(TimeSpan current)
    {
        var next = TimeSpan.FromTicks((long)(current.Ticks * FastPollGrowth));
        return next < Period ? next : null;
    }

    /// <summary>The delay while tasks are starting, after <paramref name="startingPolls"/> such polls; null when the window is over.</summary>
    public TimeSpan? NextStartingPoll(int startingPolls) =>
        startingPolls < DensePollLimit ? FastPollInitial
        : startingPolls < StartingPollLimit ? StartingPoll
        : null;
}

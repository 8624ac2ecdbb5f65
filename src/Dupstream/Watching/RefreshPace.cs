namespace Dupstream.Watching;

/// <summary>
/// Decides when the refresh loop reads next and which services it follows meanwhile. Pure: the loop feeds it
/// each read's outcome. After a change the changed services are followed: polled fast, densely while their
/// tasks are starting, slowing down to the period; a snapshot change seen by the periodic listing follows the
/// services it shows starting. Without a live event stream every read is full, so nothing is polled fast.
/// </summary>
internal sealed class RefreshPace(RefreshSettings settings)
{
    private readonly HashSet<string> followed = new(StringComparer.Ordinal);
    private TimeSpan? fastPoll;
    private int startingPolls;

    public IReadOnlyCollection<string> Followed => followed;

    /// <summary>Takes one successful read into account and returns the wait before the next one.</summary>
    public TimeSpan After(ReadKind kind, bool published, bool streamLive, IReadOnlyCollection<string> changedServices, IReadOnlyCollection<string> startingServices)
    {
        ArgumentNullException.ThrowIfNull(changedServices);
        ArgumentNullException.ThrowIfNull(startingServices);
        switch (kind)
        {
            case ReadKind.Changes:
                followed.UnionWith(changedServices);
                Restart();
                break;
            case ReadKind.Followed when published:
                // One task came up; its siblings are likely right behind it.
                Restart();
                break;
            case ReadKind.Followed when fastPoll is { } current:
                fastPoll = startingServices.Count > 0 ? settings.NextStartingPoll(startingPolls++) : settings.NextFastPoll(current);
                break;
            case ReadKind.Full or ReadKind.Tasks:
                followed.Clear();
                fastPoll = null;
                if (published && startingServices.Count > 0)
                {
                    followed.UnionWith(startingServices);
                    Restart();
                }

                break;
        }

        if (!streamLive || fastPoll is null || followed.Count == 0)
        {
            followed.Clear();
            fastPoll = null;
        }

        return fastPoll ?? settings.Period;
    }

    /// <summary>A failed read: the fast phase ends (the retry is a full listing).</summary>
    public void Failed()
    {
        followed.Clear();
        fastPoll = null;
    }

    private void Restart()
    {
        fastPoll = settings.FastPollInitial;
        startingPolls = 0;
    }
}

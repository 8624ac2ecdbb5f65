using Dupstream.Docker;

namespace Dupstream.Watching;

/// <summary>
/// Hands engine events from the event stream to the refresh loop. A burst (a stack deploy, a rolling update) is
/// coalesced: the loop wakes on the first event, waits a few tens of milliseconds for the rest, and re-lists once.
/// Also tells the loop whether the stream is live: while it is not, events may be missed, so every poll is full.
/// </summary>
internal sealed class RefreshSignals(TimeProvider time)
{
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(25);

    private readonly Lock gate = new();
    private TaskCompletionSource signal = NewSignal();
    private int pendingEvents;
    private bool pendingResync;
    private volatile bool streamLive;

    public bool StreamLive => streamLive;

    public void SetStreamLive(bool live) => streamLive = live;

    public void NotifyEvent(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        lock (gate)
        {
            pendingEvents++;
            signal.TrySetResult();
        }
    }

    /// <summary>The stream came back after a gap: whatever happened meanwhile needs a full re-list.</summary>
    public void NotifyResync()
    {
        lock (gate)
        {
            pendingResync = true;
            signal.TrySetResult();
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a signal; on one, lets the burst finish and takes it all.</summary>
    public async Task<RefreshWake> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task waitFor;
        lock (gate)
        {
            waitFor = signal.Task;
        }

        try
        {
            await waitFor.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return RefreshWake.Timer;
        }

        await Task.Delay(CoalesceWindow, time, cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            var wake = new RefreshWake(pendingEvents, pendingResync);
            pendingEvents = 0;
            pendingResync = false;
            signal = NewSignal();
            return wake;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using Dupstream.Docker;

namespace Dupstream.Watching;

/// <summary>
/// Hands engine events from the event stream to the refresh loop, with the services and nodes they name. A burst
/// (a stack deploy, `docker service rm a b c`) is coalesced: the loop wakes on the first event and waits a few
/// milliseconds for the rest; events that arrive while the loop is reading are taken together on its next wait.
/// Also tells the loop whether the stream is live: while it is not, events may be missed, so every poll is full.
/// </summary>
internal sealed class RefreshSignals(TimeProvider time)
{
    // Short: a read after an event asks only about what changed and costs the engine little, so waiting long for
    // company would only add latency (it was 25 ms when every event cost a full listing).
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(3);

    private readonly Lock gate = new();
    private TaskCompletionSource signal = NewSignal();
    private int pendingEvents;
    private ChangeSet pendingChanges = new();
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
            pendingChanges.Add(engineEvent);
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
            var wake = new RefreshWake(pendingEvents, pendingResync, pendingChanges);
            pendingEvents = 0;
            pendingChanges = new ChangeSet();
            pendingResync = false;
            signal = NewSignal();
            return wake;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

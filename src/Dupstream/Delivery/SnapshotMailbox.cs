namespace Dupstream.Delivery;

/// <summary>
/// A one-slot mailbox: the newest snapshot replaces one not yet taken, so a slow target never builds a backlog
/// of stale snapshots and always gets the latest next.
/// </summary>
internal sealed class SnapshotMailbox
{
    private readonly Lock gate = new();
    private DeliveryEnvelope? slot;
    private TaskCompletionSource signal = NewSignal();

    public void Offer(DeliveryEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        lock (gate)
        {
            if (slot is null || envelope.Sequence > slot.Sequence)
            {
                slot = envelope;
            }

            signal.TrySetResult();
        }
    }

    public bool TryTake(out DeliveryEnvelope? envelope)
    {
        lock (gate)
        {
            envelope = slot;
            slot = null;
            if (signal.Task.IsCompleted)
            {
                signal = NewSignal();
            }

            return envelope is not null;
        }
    }

    /// <summary>Waits for a snapshot; returns null when <paramref name="timeout"/> passes first.</summary>
    public async Task<DeliveryEnvelope?> TakeAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task waitFor;
        lock (gate)
        {
            if (slot is not null)
            {
                var taken = slot;
                slot = null;
                signal = NewSignal();
                return taken;
            }

            waitFor = signal.Task;
        }

        try
        {
            await waitFor.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }

        return TryTake(out var envelope) ? envelope : null;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

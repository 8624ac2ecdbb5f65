using Dupstream.Logging;
using Dupstream.Retrying;
using Microsoft.Extensions.Logging;

namespace Dupstream.Delivery;

/// <summary>
/// Delivers to one target, on its own: a slow or dead target delays nobody else. It sends the newest snapshot
/// it has been offered, retries failures with backoff, and remembers what the target acknowledged (2xx) so an
/// unchanged snapshot is not sent again (unless --always).
/// </summary>
internal sealed class TargetWorker(ITarget target, DeliverySettings settings, TimeProvider time, Func<double> jitter, ILogger logger)
{
    private readonly SnapshotMailbox mailbox = new();
    private readonly FailureLogGate failureLog = new();
    private DeliveryEnvelope? acknowledged;

    public ITarget Target => target;

    /// <summary>The newest snapshot this target answered 2xx to, or null.</summary>
    public DeliveryEnvelope? Acknowledged => Volatile.Read(ref acknowledged);

    public void Offer(DeliveryEnvelope envelope) => mailbox.Offer(envelope);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        DeliveryEnvelope? latest = null;
        DeliveryEnvelope? pending = null;
        var resendEveryPeriod = settings.Always || target.ResyncEveryPeriod;
        var periodic = false;
        var lastSuccess = 0L;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (pending is null)
                {
                    var acked = Acknowledged;
                    var wait = resendEveryPeriod && acked is not null
                        ? Max(TimeSpan.Zero, settings.Period - time.GetElapsedTime(lastSuccess))
                        : Timeout.InfiniteTimeSpan;
                    var offered = await mailbox.TakeAsync(wait, time, cancellationToken).ConfigureAwait(false);
                    latest = offered ?? latest;
                    pending = offered ?? (resendEveryPeriod ? latest : null);
                    periodic = offered is null;
                    if (pending is null)
                    {
                        continue;
                    }

                }

                // Without --always a target is sent a snapshot only when it differs from what it acknowledged
                // (a change and its undo while the target was failing leave it with nothing to learn).
                if (!settings.Always && !(periodic && target.ResyncEveryPeriod) && Acknowledged is { } known && pending.Snapshot.SameContentAs(known.Snapshot))
                {
                    logger.AlreadyInformed(target.Display, pending.Snapshot.Fingerprint);
                    pending = null;
                    continue;
                }

                var started = time.GetTimestamp();
                var result = await target.SendAsync(pending.Snapshot, cancellationToken).ConfigureAwait(false);
                var durationMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
                if (result.Succeeded)
                {
                    logger.Delivered(pending.Snapshot.Fingerprint, target.Display, result.StatusText, durationMs);
                    Volatile.Write(ref acknowledged, pending);
                    lastSuccess = started;
                    failures = 0;
                    failureLog.Succeeded();
                    pending = null;
                    continue;
                }

                failures++;
                var delay = RetryBackoff.Delay(failures, settings.RetryInitial, settings.RetryCap, jitter());
                if (failureLog.ShouldLog(failures, time.GetUtcNow()))
                {
                    logger.DeliveryFailed(pending.Snapshot.Fingerprint, target.Display, result.StatusText, result.Error, durationMs, failures, (long)delay.TotalMilliseconds);
                }

                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);

                // Whatever arrived meanwhile replaces the snapshot that failed: a target that comes back gets the latest.
                if (mailbox.TryTake(out var newer) && newer is not null)
                {
                    latest = newer;
                    pending = newer;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A bug here must not silently end deliveries to this target for the life of the process.
                logger.WorkerError(target.Display, exception);
                failures++;
                await Task.Delay(RetryBackoff.Delay(failures, settings.RetryInitial, settings.RetryCap, jitter()), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

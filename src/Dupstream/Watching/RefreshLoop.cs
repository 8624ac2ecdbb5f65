using Dupstream.Delivery;
using Dupstream.Logging;
using Dupstream.Snapshots;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dupstream.Watching;

/// <summary>
/// Keeps the published snapshot in step with the swarm: a full listing at start, after events and after the
/// event stream reconnects; a task-only listing otherwise (fast after a change, once per period when idle; full
/// every period while the event stream is down). A failed listing publishes nothing, and the loop never ends
/// before the host stops it.
/// </summary>
internal sealed class RefreshLoop(
    SwarmReader reader,
    RefreshSignals signals,
    ISnapshotPublisher publisher,
    RefreshSettings settings,
    ILogger<RefreshLoop> logger,
    Monitoring.WatcherMonitor? monitor = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var needFull = true;
        var failures = 0;
        CanonicalSnapshot? last = null;
        TimeSpan? fastPoll = null;
        var startingPolls = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            var full = true;
            try
            {
                full = needFull || !signals.StreamLive || !reader.HasFullListing;
                var snapshot = full
                    ? await reader.ReadFullAsync(stoppingToken).ConfigureAwait(false)
                    : await reader.ReadTasksAsync(stoppingToken).ConfigureAwait(false);
                needFull = false;
                if (failures > 0)
                {
                    logger.ListingRecovered(failures);
                    failures = 0;
                }

                // An unchanged refresh (the usual one) reuses the last canonical form instead of serialising again.
                var canonical = last = CanonicalSnapshot.From(snapshot, last);
                monitor?.ListingSucceeded(full, canonical, snapshot.Nodes.Count, snapshot.Services.Count);
                if (publisher.Publish(canonical))
                {
                    logger.SnapshotChanged(canonical.Fingerprint, snapshot.Nodes.Count, snapshot.Services.Count, full ? "full" : "task");
                    fastPoll = settings.FastPollInitial;
                    startingPolls = 0;
                }
                else if (fastPoll is { } current)
                {
                    // A task that is starting will be running within moments, and no event will say so.
                    fastPoll = reader.TasksStarting && ++startingPolls < settings.StartingPollLimit
                        ? settings.FastPollInitial
                        : settings.NextFastPoll(current);
                }

                wait = fastPoll ?? settings.Period;

                // The listing's data is dead now: after large listings, give the memory back before waiting.
                Docker.ListingMemory.Shared.Release();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                needFull = true;
                wait = Delivery.RetryBackoff.Delay(failures, settings.RetryInitial, settings.RetryCap, Random.Shared.NextDouble());
                var reason = EngineFailure.Describe(exception);
                monitor?.ListingFailed(full, reason);
                logger.ListingFailed(reason, failures, (long)wait.TotalMilliseconds);
            }

            try
            {
                var wake = await signals.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                if (wake.Signalled)
                {
                    needFull = true;
                    fastPoll = settings.FastPollInitial;
                    startingPolls = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}

using Dupstream.Delivery;
using Dupstream.Docker;
using Dupstream.Logging;
using Dupstream.Retrying;
using Dupstream.Snapshots;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dupstream.Watching;

/// <summary>
/// Keeps the published snapshot in step with the swarm: a full listing at start, after the event stream
/// reconnects, after a failure, and every period while the stream is down; after events, a read of only what they
/// named, then fast polls of only the changed services' tasks (<see cref="RefreshPace"/>); otherwise one task
/// listing per period, the safety net for task churn no event reports. A failed listing publishes nothing, and
/// the loop never ends before the host stops it.
/// </summary>
internal sealed class RefreshLoop(
    SwarmReader reader,
    RefreshSignals signals,
    ISnapshotPublisher publisher,
    RefreshSettings settings,
    ILogger<RefreshLoop> logger,
    IWatchObserver observer,
    ListingMemory memory) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var needFull = true;
        var failures = 0;
        CanonicalSnapshot? last = null;
        var pending = new ChangeSet();
        var pace = new RefreshPace(settings);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            var kind = ReadKind.Full;
            try
            {
                kind = needFull || !signals.StreamLive || !reader.HasFullListing ? ReadKind.Full
                    : !pending.IsEmpty ? (reader.CanReadChanges(pending) ? ReadKind.Changes : ReadKind.Full)
                    : pace.Followed.Count > 0 ? ReadKind.Followed
                    : ReadKind.Tasks;
                var snapshot = kind switch
                {
                    ReadKind.Full => await reader.ReadFullAsync(stoppingToken).ConfigureAwait(false),
                    ReadKind.Changes => await reader.ReadChangesAsync(pending, stoppingToken).ConfigureAwait(false),
                    ReadKind.Followed => await reader.ReadServiceTasksAsync(pace.Followed, stoppingToken).ConfigureAwait(false),
                    _ => await reader.ReadTasksAsync(stoppingToken).ConfigureAwait(false),
                };
                needFull = false;
                if (kind is ReadKind.Full or ReadKind.Changes)
                {
                    pending.Clear();
                }

                if (failures > 0)
                {
                    logger.ListingRecovered(failures);
                    failures = 0;
                }

                // An unchanged refresh (the usual one) reuses the last canonical form instead of serialising again.
                var previous = last;
                var canonical = last = CanonicalSnapshot.From(snapshot, previous);
                // The one place "unchanged?" is decided: the monitor and the publisher are told, not asked to compare again.
                var published = !canonical.SameContentAs(previous);
                observer.ListingSucceeded(kind == ReadKind.Full, canonical, published, snapshot.Nodes.Count, snapshot.Services.Count);
                if (published)
                {
                    publisher.Publish(canonical);
                }

                if (published && logger.IsEnabled(LogLevel.Information))
                {
                    logger.SnapshotChanged(canonical.Fingerprint, snapshot.Nodes.Count, snapshot.Services.Count, ListingName(kind));
                }

                wait = pace.After(kind, published, signals.StreamLive, reader.ChangedServices, reader.StartingServices);

                // The listing's data is dead now: after large listings, give the memory back before waiting.
                memory.Release();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                needFull = true;
                pace.Failed();
                wait = RetryBackoff.Delay(failures, settings.RetryInitial, settings.RetryCap, Random.Shared.NextDouble());
                var reason = EngineFailure.Describe(exception);
                observer.ListingFailed(kind == ReadKind.Full, reason);
                logger.ListingFailed(reason, failures, (long)wait.TotalMilliseconds);
            }

            try
            {
                var wake = await signals.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                needFull |= wake.Resync;
                if (wake.Changes is { } changes)
                {
                    pending.Add(changes);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static string ListingName(ReadKind kind) => kind switch
    {
        ReadKind.Full => "full",
        ReadKind.Changes => "change",
        ReadKind.Followed => "follow-up task",
        _ => "task",
    };
}

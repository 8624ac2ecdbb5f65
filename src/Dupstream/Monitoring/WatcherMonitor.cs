using Dupstream.Delivery;
using Dupstream.Snapshots;
using Dupstream.Watching;

namespace Dupstream.Monitoring;

/// <summary>
/// Where the pipeline reports what happens (listings, event stream, deliveries); answers /healthz and keeps the
/// metrics. Called from the refresh loop, the event stream and every delivery worker at once, so its state is
/// behind one lock (held for a few field writes; nothing waits inside it).
/// </summary>
internal sealed class WatcherMonitor : IWatchObserver, IDeliveryObserver
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly DateTimeOffset startedAt;
    private readonly List<TargetTracker> targets = [];
    private DateTimeOffset? lastListing;
    private DateTimeOffset? failingSince;
    private string? lastError;
    private bool streamConnected;
    private CanonicalSnapshot? newest;

    /// <param name="listingPeriod">How often the watcher lists when idle; health allows a few missed listings.</param>
    public WatcherMonitor(TimeProvider time, TimeSpan listingPeriod, string version)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        startedAt = time.GetUtcNow();
        Threshold = HealthEvaluator.ThresholdFor(listingPeriod);
        Metrics = new WatcherMetrics(version);
        // Ages are computed when Prometheus asks, so they are right whenever it scrapes.
        Metrics.Registry.AddBeforeCollectCallback(UpdateAges);
    }

    public WatcherMetrics Metrics { get; }

    public TimeSpan Threshold { get; }

    /// <summary>Wraps a target so its deliveries are counted and timed; call once per target, before it runs.</summary>
    public ITarget Observe(ITarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        TargetTracker tracker;
        lock (gate)
        {
            // Two URLs that differ only in credentials or query look alike once those are hidden; keep their series apart.
            var display = target.Display;
            for (var n = 2; targets.Any(t => t.Display == display); n++)
            {
                display = $"{target.Display} #{n}";
            }

            tracker = new TargetTracker(display);
            targets.Add(tracker);
        }

        Metrics.AddTarget(tracker.Display);
        return new MonitoredTarget(target, tracker, this, time);
    }

    public void ListingSucceeded(bool full, CanonicalSnapshot snapshot, bool changed, int nodes, int services)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var now = time.GetUtcNow();
        lock (gate)
        {
            lastListing = now;
            failingSince = null;
            lastError = null;
            newest = snapshot;
        }

        Metrics.Refreshes.WithLabels(Kind(full), WatcherMetrics.Success).Inc();
        Metrics.LastListing.Set(now.ToUnixTimeMilliseconds() / 1000.0);
        Metrics.SnapshotNodes.Set(nodes);
        Metrics.SnapshotServices.Set(services);
        if (changed)
        {
            Metrics.SnapshotsChanged.Inc();
        }
    }

    public void ListingFailed(bool full, string reason)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            failingSince ??= now;
            lastError = reason;
        }

        Metrics.Refreshes.WithLabels(Kind(full), WatcherMetrics.Failure).Inc();
        Metrics.EngineErrors.WithLabels(WatcherMetrics.ListingOperation).Inc();
    }

    public void EventStreamConnected(bool reconnect)
    {
        lock (gate)
        {
            streamConnected = true;
        }

        Metrics.EventStreamConnected.Set(1);
        if (reconnect)
        {
            Metrics.EventStreamReconnects.Inc();
        }
    }

    public void EventStreamLost(bool error)
    {
        lock (gate)
        {
            streamConnected = false;
        }

        Metrics.EventStreamConnected.Set(0);
        if (error)
        {
            Metrics.EngineErrors.WithLabels(WatcherMetrics.EventsOperation).Inc();
        }
    }

    public void DeliveryFinished(TargetTracker tracker, CanonicalSnapshot snapshot, DeliveryResult result, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(result);
        var now = time.GetUtcNow();
        lock (gate)
        {
            tracker.LastAttempt = now;
            if (result.Succeeded)
            {
                tracker.LastSuccess = now;
                tracker.LastError = null;
                tracker.Acknowledged = snapshot;
            }
            else
            {
                tracker.LastError = $"{result.StatusText}: {result.Error}";
            }
        }

        var outcome = result.Succeeded ? WatcherMetrics.Success : result.StatusCode is null ? WatcherMetrics.NoAnswer : WatcherMetrics.ErrorStatus;
        Metrics.Deliveries.WithLabels(tracker.Display, outcome).Inc();
        Metrics.DeliveryDuration.WithLabels(tracker.Display).Observe(duration.TotalSeconds);
    }

    public HealthReport Health()
    {
        var now = time.GetUtcNow();
        HealthInputs inputs;
        List<TargetHealth> targetHealth;
        lock (gate)
        {
            inputs = new HealthInputs(startedAt, lastListing, failingSince, lastError, streamConnected);
            targetHealth = targets.Select(t => new TargetHealth(t.Display, t.LastSuccess, IsUpToDate(t), t.LastError)).ToList();
        }

        return HealthEvaluator.Evaluate(inputs, targetHealth, now, Threshold);
    }

    private void UpdateAges()
    {
        var now = time.GetUtcNow();
        var health = Health();
        Metrics.Healthy.Set(health.Healthy ? 1 : 0);
        lock (gate)
        {
            Metrics.SecondsSinceListing.Set((now - (lastListing ?? startedAt)).TotalSeconds);
            foreach (var target in targets)
            {
                Metrics.SecondsSinceInformed.WithLabels(target.Display).Set((now - (target.LastSuccess ?? startedAt)).TotalSeconds);
                Metrics.UpToDate.WithLabels(target.Display).Set(IsUpToDate(target) ? 1 : 0);
            }
        }
    }

    // A target that never acknowledged anything is not up to date, even before the first listing: otherwise a
    // target that has never answered (or an engine that never listed) would never trip the recommended alert.
    private bool IsUpToDate(TargetTracker target) =>
        target.Acknowledged is { } acknowledged && (newest is null || acknowledged.SameContentAs(newest));

    private static string Kind(bool full) => full ? "full" : "task";
}

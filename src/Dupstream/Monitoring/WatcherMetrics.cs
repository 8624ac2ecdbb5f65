using Prometheus;

namespace Dupstream.Monitoring;

/// <summary>
/// The watcher's Prometheus metrics, in a registry of their own (not prometheus-net's static default), so several
/// hosts in one process (tests) never share counters. Names are stable: dashboards and alerts depend on them.
/// </summary>
internal sealed class WatcherMetrics
{
    public const string Success = "success";
    public const string Failure = "failure";

    /// <summary>A delivery the target answered with a non-2xx status.</summary>
    public const string ErrorStatus = "error_status";

    /// <summary>A delivery with no answer: refused, timed out, TLS or DNS failure.</summary>
    public const string NoAnswer = "no_answer";

    public const string ListingOperation = "listing";
    public const string EventsOperation = "events";

    public WatcherMetrics(string version)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Refreshes = factory.CreateCounter(
            "dupstream_refreshes_total", "Engine listings by kind (full: nodes, services and tasks; task: tasks only) and outcome.", ["kind", "outcome"]);
        EngineErrors = factory.CreateCounter(
            "dupstream_engine_errors_total", "Failed engine requests by operation (listing, events).", ["operation"]);
        EventStreamReconnects = factory.CreateCounter(
            "dupstream_event_stream_reconnects_total", "Times the engine event stream connected after a break or a failed attempt.");
        EventStreamConnected = factory.CreateGauge(
            "dupstream_event_stream_connected", "1 while the engine event stream is connected, 0 otherwise.");
        SnapshotNodes = factory.CreateGauge("dupstream_snapshot_nodes", "Nodes in the newest snapshot.");
        SnapshotServices = factory.CreateGauge("dupstream_snapshot_services", "Services in the newest snapshot.");
        SnapshotsChanged = factory.CreateCounter("dupstream_snapshot_changes_total", "Snapshots that differed from the one before.");
        LastListing = factory.CreateGauge(
            "dupstream_last_listing_timestamp_seconds", "Unix time of the last successful engine listing (0 before the first).");
        SecondsSinceListing = factory.CreateGauge(
            "dupstream_seconds_since_last_listing", "Seconds since the last successful engine listing (since start before the first).");
        Healthy = factory.CreateGauge("dupstream_healthy", "1 when /healthz answers 200, 0 when it answers 503.");
        Deliveries = factory.CreateCounter(
            "dupstream_deliveries_total", "Delivery attempts per target by outcome (success, error_status, no_answer).", ["target", "outcome"]);
        DeliveryDuration = factory.CreateHistogram(
            "dupstream_delivery_duration_seconds",
            "Time one delivery attempt took, per target, whatever its outcome.",
            ["target"],
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 12) });
        SecondsSinceInformed = factory.CreateGauge(
            "dupstream_target_seconds_since_last_success",
            "Seconds since the target last acknowledged a snapshot (since start if it never did). Without --always it grows while nothing changes; alert on dupstream_target_up_to_date instead.",
            ["target"]);
        UpToDate = factory.CreateGauge(
            "dupstream_target_up_to_date", "1 when the target acknowledged the newest snapshot, 0 while it is behind.", ["target"]);
        foreach (var kind in new[] { "full", "task" })
        {
            Refreshes.WithLabels(kind, Success);
            Refreshes.WithLabels(kind, Failure);
        }

        EngineErrors.WithLabels(ListingOperation);
        EngineErrors.WithLabels(EventsOperation);
        factory.CreateGauge("dupstream_build_info", "Always 1; the version is in the label.", ["version"]).WithLabels(version).Set(1);
    }

    public CollectorRegistry Registry { get; }

    public Counter Refreshes { get; }

    public Counter EngineErrors { get; }

    public Counter EventStreamReconnects { get; }

    public Gauge EventStreamConnected { get; }

    public Gauge SnapshotNodes { get; }

    public Gauge SnapshotServices { get; }

    public Counter SnapshotsChanged { get; }

    public Gauge LastListing { get; }

    public Gauge SecondsSinceListing { get; }

    public Gauge Healthy { get; }

    public Counter Deliveries { get; }

    public Histogram DeliveryDuration { get; }

    public Gauge SecondsSinceInformed { get; }

    public Gauge UpToDate { get; }

    /// <summary>Creates every per-target series at zero, so a target that never answered still shows up.</summary>
    public void AddTarget(string target)
    {
        foreach (var outcome in new[] { Success, ErrorStatus, NoAnswer })
        {
            Deliveries.WithLabels(target, outcome);
        }

        DeliveryDuration.WithLabels(target);
        UpToDate.WithLabels(target).Set(0);
        SecondsSinceInformed.WithLabels(target);
    }
}

using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Core.Rendering;
using Prometheus;

namespace Dupstream.Nginx.Monitoring;

/// <summary>
/// The receiver's Prometheus metrics, in a registry of their own per app (tests run several receivers in one
/// process). Every label has a small fixed set of values: results, reason categories, status codes.
/// </summary>
internal sealed class ReceiverMetrics : IApplyObserver
{
    public ReceiverMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Applies = factory.CreateCounter(
            "dupstream_nginx_applies_total",
            "Snapshots by what happened to them: applied, unchanged, superseded, test_failed, reload_failed, write_failed, wipe_refused.",
            ["result"]);
        Reloads = factory.CreateCounter("dupstream_nginx_reloads_total", "nginx reload commands run, by outcome (success, failure).", ["outcome"]);
        MemoryUpdates = factory.CreateCounter(
            "dupstream_nginx_memory_updates_total", "Peer lists sent to nginx's memory without a reload (apply_mode lua), by outcome (success, failure).", ["outcome"]);
        RejectedServices = factory.CreateCounter(
            "dupstream_nginx_rejected_services_total", "Services left out of a render, by reason category.", ["reason"]);
        RejectedNodes = factory.CreateCounter(
            "dupstream_nginx_rejected_nodes_total", "Nodes left out of a render, by reason category.", ["reason"]);
        ApplyDuration = factory.CreateHistogram(
            "dupstream_nginx_apply_duration_seconds",
            "Time one apply took (write, nginx -t, reload, or roll back), whatever its result; superseded snapshots are not applied.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 12) });
        LastApplied = factory.CreateGauge(
            "dupstream_nginx_last_applied_timestamp_seconds", "Unix time of the last apply that succeeded (applied or unchanged); 0 before one.");
        HeldBack = factory.CreateGauge(
            "dupstream_nginx_services_left_out_by_nginx", "Services the last apply left out because nginx -t refused them (their names are in /healthz and the log).");
        Requests = factory.CreateCounter(
            "dupstream_nginx_requests_total", "HTTP requests by route (snapshot, healthz, metrics, other) and status code.", ["route", "status"]);

        foreach (var result in Enum.GetValues<ApplyResult>())
        {
            Applies.WithLabels(ApplyResultNames.Of(result));
        }

        Reloads.WithLabels("success");
        Reloads.WithLabels("failure");
        MemoryUpdates.WithLabels("success");
        MemoryUpdates.WithLabels("failure");
    }

    public CollectorRegistry Registry { get; }

    public Counter Applies { get; }

    public Counter Reloads { get; }

    public Counter MemoryUpdates { get; }

    public Counter RejectedServices { get; }

    public Counter RejectedNodes { get; }

    public Histogram ApplyDuration { get; }

    public Gauge LastApplied { get; }

    public Counter Requests { get; }

    public Gauge HeldBack { get; }

    /// <param name="duration">Null for a snapshot that was superseded before it was applied.</param>
    public void ApplyFinished(ApplyOutcome outcome, TimeSpan? duration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Applies.WithLabels(ApplyResultNames.Of(outcome.Result)).Inc();
        if (duration is { } took)
        {
            ApplyDuration.Observe(took.TotalSeconds);
        }

        if (outcome.Reloaded)
        {
            Reloads.WithLabels("success").Inc();
        }
        else if (outcome.Result == ApplyResult.ReloadFailed)
        {
            Reloads.WithLabels("failure").Inc();
        }

        if (outcome.Memory != MemoryUpdate.None)
        {
            MemoryUpdates.WithLabels(outcome.Memory == MemoryUpdate.Succeeded ? "success" : "failure").Inc();
        }

        if (outcome.Result is ApplyResult.Applied or ApplyResult.Unchanged)
        {
            LastApplied.Set(now.ToUnixTimeMilliseconds() / 1000.0);
            HeldBack.Set(outcome.HeldBack.Count);
            foreach (var _ in outcome.HeldBack)
            {
                RejectedServices.WithLabels(RejectionCategory.NginxTest).Inc();
            }
        }
    }

    public void Validated(RenderResult validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        foreach (var rejection in validated.RejectedServices)
        {
            RejectedServices.WithLabels(RejectionCategory.Of(rejection.Reason)).Inc();
        }

        foreach (var rejection in validated.RejectedNodes)
        {
            RejectedNodes.WithLabels(RejectionCategory.Of(rejection.Reason)).Inc();
        }
    }

    public void Answered(string route, int status) =>
        Requests.WithLabels(route, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
}

using System.Text.Json.Serialization;

namespace Dupstream.Monitoring;

/// <summary>The /healthz body. <see cref="Healthy"/> picks the status code (200 or 503); it is not in the JSON.</summary>
/// <param name="Status">"ok", "starting" (no listing yet) or "failing".</param>
/// <param name="Reason">Why it is not ok; null when ok.</param>
/// <param name="EventStream">"connected" or "disconnected".</param>
internal sealed record HealthReport(
    [property: JsonIgnore] bool Healthy,
    string Status,
    string? Reason,
    DateTimeOffset CheckedAt,
    double ThresholdSeconds,
    DateTimeOffset? LastListing,
    string? LastError,
    string EventStream,
    IReadOnlyList<TargetHealth> Targets);

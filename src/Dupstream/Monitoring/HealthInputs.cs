namespace Dupstream.Monitoring;

/// <summary>The engine side of the watcher's state at one instant, as <see cref="HealthEvaluator"/> needs it.</summary>
/// <param name="FailingSince">The first failed listing after the last successful one; null when the last listing worked.</param>
internal sealed record HealthInputs(
    DateTimeOffset StartedAt,
    DateTimeOffset? LastListing,
    DateTimeOffset? FailingSince,
    string? LastError,
    bool EventStreamConnected);

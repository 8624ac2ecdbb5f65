namespace Dupstream.Monitoring;

/// <summary>One target in the /healthz body. Informational: a failing target does not make the watcher unhealthy.</summary>
/// <param name="UpToDate">The target acknowledged the newest snapshot built.</param>
internal sealed record TargetHealth(string Target, DateTimeOffset? LastSuccess, bool UpToDate, string? LastError);

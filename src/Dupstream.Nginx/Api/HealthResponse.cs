namespace Dupstream.Nginx.Api;

internal sealed record HealthResponse(string Status, DateTimeOffset Time, DateTimeOffset StartedAt, LastApplyResponse? LastApply, string ApplyMode);

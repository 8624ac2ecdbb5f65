using Microsoft.Extensions.Logging;

namespace Dupstream.Logging;

/// <summary>Delivery log lines (event ids 300-399; stable, tests and operators match on them).</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Delivered snapshot {Fingerprint} to {Target}: status {Status} in {DurationMs} ms")]
    public static partial void Delivered(this ILogger logger, string fingerprint, string target, string status, long durationMs);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning,
        Message = "Delivery of snapshot {Fingerprint} to {Target} failed: status {Status} ({Error}) in {DurationMs} ms; attempt {Attempt}, retrying in {RetryMs} ms")]
    public static partial void DeliveryFailed(this ILogger logger, string fingerprint, string target, string status, string? error, long durationMs, int attempt, long retryMs);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Snapshot {Fingerprint} body: {Body}")]
    public static partial void Body(this ILogger logger, string fingerprint, string body);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Target {Target} already has snapshot {Fingerprint}; nothing to send")]
    public static partial void AlreadyInformed(this ILogger logger, string target, string fingerprint);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Delivery worker for {Target} hit an unexpected error; it keeps running")]
    public static partial void WorkerError(this ILogger logger, string target, Exception exception);
}

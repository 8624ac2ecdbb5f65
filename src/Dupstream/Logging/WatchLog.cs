using Microsoft.Extensions.Logging;

namespace Dupstream.Logging;

/// <summary>Engine and refresh log lines (event ids 200-299).</summary>
internal static partial class WatchLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning,
        Message = "Reading the swarm failed ({Reason}); nothing is sent from a failed listing. Attempt {Attempt}, retrying in {RetryMs} ms")]
    public static partial void ListingFailed(this ILogger logger, string reason, int attempt, long retryMs);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Reading the swarm works again after {Attempts} failed attempt(s)")]
    public static partial void ListingRecovered(this ILogger logger, int attempts);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information,
        Message = "Snapshot {Fingerprint}: {NodeCount} node(s), {ServiceCount} service(s) (from {Listing} listing)")]
    public static partial void SnapshotChanged(this ILogger logger, string fingerprint, int nodeCount, int serviceCount, string listing);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Engine event {Type} {Action} {ActorId}")]
    public static partial void EngineEventReceived(this ILogger logger, string type, string action, string actorId);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Listening to engine events (service, node) since {Since:O}")]
    public static partial void EventStreamConnected(this ILogger logger, DateTimeOffset since);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning,
        Message = "Engine event stream lost ({Reason}); polling fully every period meanwhile, reconnecting in {RetryMs} ms")]
    public static partial void EventStreamLost(this ILogger logger, string reason, long retryMs);
}

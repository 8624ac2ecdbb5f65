using Microsoft.Extensions.Logging;

namespace Dupstream.Monitoring;

/// <summary>HTTP listener log lines (event ids 400-499).</summary>
internal static partial class MonitoringLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "HTTP listener on {Address}: GET /healthz, GET /metrics")]
    public static partial void Listening(this ILogger logger, string address);
}

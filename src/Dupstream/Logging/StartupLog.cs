using Microsoft.Extensions.Logging;

namespace Dupstream.Logging;

/// <summary>Start and stop log lines (event ids 100-199).</summary>
internal static partial class StartupLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "dupstream {Version} started: engine {Engine}, targets {Targets}, period {PeriodSeconds} s, request timeout {TimeoutSeconds} s, mode {Mode}")]
    public static partial void Started(this ILogger logger, string version, string engine, string targets, double periodSeconds, double timeoutSeconds, string mode);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void ConfigurationWarning(this ILogger logger, string warning);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "dupstream stopping")]
    public static partial void Stopping(this ILogger logger);
}

using Dupstream.Common.Logging;
using Microsoft.Extensions.Logging;

namespace Dupstream.Monitoring;

/// <summary>The watcher's log output: the shared console log, every line on stderr, framework chatter only from warnings up.</summary>
internal static class WatcherLogging
{
    public static void Configure(ILoggingBuilder logging, LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        // stdout belongs to --once output and to whoever pipes it; every log line goes to stderr.
        ConsoleLogging.Configure(logging, format, allToStandardError: true);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }
}

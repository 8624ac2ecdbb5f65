using System.Text.Json;
using Dupstream.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Dupstream.Monitoring;

/// <summary>The watcher's log output: one line per entry on stderr, plain (default) or JSON (DUPSTREAM_LOG_FORMAT=json).</summary>
internal static class WatcherLogging
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static void Configure(ILoggingBuilder logging, LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(options =>
            {
                options.TimestampFormat = TimestampFormat;
                options.UseUtcTimestamp = true;
                options.IncludeScopes = false;
                // One object per line: log shippers split on newlines.
                options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = TimestampFormat + " ";
                options.UseUtcTimestamp = true;
                options.IncludeScopes = false;
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        // stdout belongs to --once output and to whoever pipes it; every log line goes to stderr.
        logging.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Dupstream.Nginx.Monitoring;

/// <summary>The receiver's console log: one line per entry with a UTC timestamp, plain (default) or JSON, like the watcher's.</summary>
internal static class ReceiverLogging
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static void Configure(ILoggingBuilder logging, LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(options =>
            {
                options.TimestampFormat = TimestampFormat;
                options.UseUtcTimestamp = true;
                options.IncludeScopes = false;
                options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                // Multi-line entries break grep and journald's one-entry-per-line view.
                options.SingleLine = true;
                options.TimestampFormat = TimestampFormat + " ";
                options.UseUtcTimestamp = true;
                options.IncludeScopes = false;
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }
}

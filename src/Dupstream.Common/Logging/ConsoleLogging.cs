using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Dupstream.Common.Logging;

/// <summary>The console log of both programs: one line per entry with a UTC timestamp, plain (default) or JSON.</summary>
public static class ConsoleLogging
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <param name="allToStandardError">
    /// Every line goes to stderr (the watcher: its stdout belongs to --once output and to whoever pipes it);
    /// otherwise the console logger's default, stdout.
    /// </param>
    public static void Configure(ILoggingBuilder logging, LogFormat format, bool allToStandardError)
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
                // One object per line: log shippers split on newlines.
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

        if (allToStandardError)
        {
            logging.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }
}

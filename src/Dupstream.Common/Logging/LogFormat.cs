namespace Dupstream.Common.Logging;

/// <summary>DUPSTREAM_LOG_FORMAT: how log lines are written (the same variable and values for both programs).</summary>
public enum LogFormat
{
    /// <summary>One plain line per entry, with a UTC timestamp (the default).</summary>
    Plain,

    /// <summary>One JSON object per line, for log shippers.</summary>
    Json,
}

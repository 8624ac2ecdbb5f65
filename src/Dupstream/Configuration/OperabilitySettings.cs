using Dupstream.Common.Logging;

namespace Dupstream.Configuration;

/// <summary>What operators see of the watcher: the HTTP listener for /healthz and /metrics (null when DUPSTREAM_HTTP_PORT=0) and the log format.</summary>
internal sealed record OperabilitySettings(HttpListenerSettings? HttpListener, LogFormat LogFormat);

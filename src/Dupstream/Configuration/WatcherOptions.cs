using Dupstream.Common.Logging;

namespace Dupstream.Configuration;

/// <summary>
/// Everything the watcher needs to know at start, read once from the environment and the flags.
/// Mutable only so the Options pattern can bind it; nothing changes it after start.
/// </summary>
internal sealed class WatcherOptions
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>DUPSTREAM_SERVICE: <c>http</c> (default), <c>consul</c> or both (<c>http,consul</c>).</summary>
    public ServiceKinds ServiceKinds { get; set; } = ServiceKinds.Http;

    /// <summary>The Consul API when <see cref="ServiceKinds"/> includes Consul; null otherwise.</summary>
    public ConsulSettings? Consul { get; set; }

    /// <summary>DUPSTREAM_SERVICE_URL split on '|'.</summary>
    public IReadOnlyList<Uri> Targets { get; set; } = [];

    /// <summary>DUPSTREAM_SERVICE_SECRET (or the content of DUPSTREAM_SERVICE_SECRET_FILE), sent as X-SECRET and the signature key. Never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>Send only the signature made with the secret, never the secret itself (no X-SECRET header).</summary>
    public bool SignatureOnly { get; set; }

    /// <summary>DUPSTREAM_CA_FILE's PEM text: CAs trusted for https targets besides the system's roots; null when unset.</summary>
    public string? CaCertificatesPem { get; set; }

    /// <summary>DUPSTREAM_PERIOD: the resync period and, with --always, the resend period.</summary>
    public TimeSpan Period { get; set; } = DefaultPeriod;

    /// <summary>DUPSTREAM_SERVICE_TIMEOUT: how long one POST may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    public EngineEndpoint Engine { get; set; } = EngineEndpoint.Default;

    /// <summary>DUPSTREAM_HTTP_ADDRESS and DUPSTREAM_HTTP_PORT: where /healthz and /metrics answer; null when turned off (port 0).</summary>
    public HttpListenerSettings? HttpListener { get; set; }

    /// <summary>DUPSTREAM_LOG_FORMAT: plain lines (default) or JSON lines.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Plain;

    /// <summary>--always: resend the current snapshot to every target every period.</summary>
    public bool Always { get; set; }

    /// <summary>--debug: log each body that is sent.</summary>
    public bool Debug { get; set; }

    /// <summary>--once: print one snapshot and exit; no target needed.</summary>
    public bool Once { get; set; }

    /// <summary>Copies every value, so the parsed result can be handed to the Options pattern.</summary>
    public void CopyTo(WatcherOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.ServiceKinds = ServiceKinds;
        target.Consul = Consul;
        target.Targets = Targets;
        target.Secret = Secret;
        target.SignatureOnly = SignatureOnly;
        target.CaCertificatesPem = CaCertificatesPem;
        target.Period = Period;
        target.RequestTimeout = RequestTimeout;
        target.Engine = Engine;
        target.HttpListener = HttpListener;
        target.LogFormat = LogFormat;
        target.Always = Always;
        target.Debug = Debug;
        target.Once = Once;
    }
}

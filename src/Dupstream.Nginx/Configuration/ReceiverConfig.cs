using System.Net;

namespace Dupstream.Nginx.Configuration;

/// <summary>
/// The receiver's settings: the original's config.json keys plus the new ones, already validated
/// and with every path made absolute. Built only by <see cref="ReceiverConfigLoader"/>.
/// </summary>
internal sealed record ReceiverConfig
{
    public const string PlaceholderSecret = "TYPE-YOUR-SECRET-HERE";

    public static readonly IReadOnlyList<string> DefaultAllowedUpstreamDirectives =
    [
        "hash", "ip_hash", "keepalive", "keepalive_requests", "keepalive_time", "keepalive_timeout",
        "least_conn", "random", "zone",
    ];

    public string Endpoint { get; init; } = "/lb";

    /// <summary>Null when the config has no secret (only allowed with <c>--insecure</c>).</summary>
    public string? Secret { get; init; }

    /// <summary>Output files by name, in config order; values are absolute paths.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> UpstreamFiles { get; init; } = [];

    public bool ReloadNginxConfig { get; init; } = true;

    public string ReloadNginxCommand { get; init; } = "nginx -s reload";

    public string NginxTestCommand { get; init; } = "nginx -t";

    public bool Sorted { get; init; } = true;

    public string HostsFile { get; init; } = "/etc/hosts";

    public int Port { get; init; } = 9080;

    /// <summary>Null means every interface, as the original's <c>app.listen(port)</c>.</summary>
    public IPAddress? ListenAddress { get; init; }

    public string UpstreamDefaultPrefix { get; init; } = "";

    public string UpstreamDefaultSuffix { get; init; } = "";

    public bool UpstreamAlways { get; init; } = true;

    public string UpstreamDefault { get; init; } = "localhost";

    public ServerAddressMode ServerAddress { get; init; } = ServerAddressMode.Name;

    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    public IReadOnlySet<string> AllowedUpstreamDirectives { get; init; } =
        new HashSet<string>(DefaultAllowedUpstreamDirectives, StringComparer.Ordinal);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most <c>nginx -t</c> runs one apply may make, the first included, while it looks for the services
    /// nginx refuses; 1 turns the search off (a refused render is then refused whole, as before).
    /// </summary>
    public int MaxNginxTests { get; init; } = 12;

    /// <summary>How far an <c>X-Dupstream-Signature</c> timestamp may be from our clock, either way.</summary>
    public TimeSpan SignatureWindow { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>When true, a request without a valid <c>X-Dupstream-Signature</c> is refused.</summary>
    public bool RequireSignature { get; init; }

    /// <summary>PEM certificate chain for HTTPS; null (with <see cref="TlsKeyPath"/>) means plain HTTP.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM private key matching <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    public bool UsesTls => TlsCertificatePath is not null;

    /// <summary>
    /// Largest share (0..1) of the server lines on disk one apply may remove without confirmation;
    /// null turns the wipe guard off.
    /// </summary>
    public double? MaxRemovedShare { get; init; }

    /// <summary>
    /// When true, nodes with loopback or link-local addresses, or names the hosts file already gives outside
    /// the dupstream section, are accepted (for a lab on one host); by default such a node is left out.
    /// </summary>
    public bool AllowUnsafeNodes { get; init; }

    /// <summary>
    /// How long after a wipe was first refused the same snapshot may confirm it, and how long removals are
    /// summed against the last confirmed state. Longer than a watcher's immediate retry, on purpose.
    /// </summary>
    public TimeSpan WipeConfirmDelay { get; init; } = TimeSpan.FromSeconds(15);

    public bool HasUsableSecret => !string.IsNullOrEmpty(Secret) && Secret != PlaceholderSecret;

    public bool IsFileKey(string key) => UpstreamFiles.Any(f => f.Key == key);
}

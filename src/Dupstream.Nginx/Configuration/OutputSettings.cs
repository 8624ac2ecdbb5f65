namespace Dupstream.Nginx.Configuration;

/// <summary>What is rendered and where to: the upstream files and the defaults every service block gets.</summary>
internal sealed record OutputSettings
{
    public static readonly IReadOnlyList<string> DefaultAllowedUpstreamDirectives =
    [
        "hash", "ip_hash", "keepalive", "keepalive_requests", "keepalive_time", "keepalive_timeout",
        "least_conn", "random", "zone",
    ];

    /// <summary>Output files by name, in config order; values are absolute paths.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> UpstreamFiles { get; init; } = [];

    public bool Sorted { get; init; } = true;

    public string UpstreamDefaultPrefix { get; init; } = "";

    public string UpstreamDefaultSuffix { get; init; } = "";

    public bool UpstreamAlways { get; init; } = true;

    public string UpstreamDefault { get; init; } = "localhost";

    public ServerAddressMode ServerAddress { get; init; } = ServerAddressMode.Name;

    public IReadOnlySet<string> AllowedUpstreamDirectives { get; init; } =
        new HashSet<string>(DefaultAllowedUpstreamDirectives, StringComparer.Ordinal);

    public bool IsFileKey(string key) => UpstreamFiles.Any(f => f.Key == key);
}

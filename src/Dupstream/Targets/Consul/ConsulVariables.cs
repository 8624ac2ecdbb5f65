namespace Dupstream.Targets.Consul;

/// <summary>The environment variables the consul kind reads: Consul's own, with the meaning its tools give them.</summary>
internal static class ConsulVariables
{
    public const string HttpAddr = "CONSUL_HTTP_ADDR";
    public const string HttpSsl = "CONSUL_HTTP_SSL";
    public const string HttpToken = "CONSUL_HTTP_TOKEN";
    public const string HttpTokenFile = "CONSUL_HTTP_TOKEN_FILE";
    public const string CaCert = "CONSUL_CACERT";

    /// <summary>All of them, with what --help says of each.</summary>
    public static IReadOnlyList<TargetVariable> All { get; } =
    [
        new(HttpAddr, $"default {ConsulSettings.DefaultAddress}"),
        new(HttpSsl, "true: https"),
        new(HttpToken),
        new(HttpTokenFile, $"{HttpToken} read from a file"),
        new(CaCert, "extra CA for https"),
    ];
}

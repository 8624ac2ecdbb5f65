namespace Dupstream.Nginx.Configuration;

/// <summary>The hosts file the node names go into, and which nodes are safe to write there.</summary>
internal sealed record HostsSettings
{
    public string HostsFile { get; init; } = "/etc/hosts";

    /// <summary>
    /// When true, nodes with loopback or link-local addresses, or names the hosts file already gives outside
    /// the dupstream section, are accepted (for a lab on one host); by default such a node is left out.
    /// </summary>
    public bool AllowUnsafeNodes { get; init; }
}

using System.Net;

namespace Dupstream.Configuration;

/// <summary>Where the watcher's HTTP listener (/healthz, /metrics) binds: DUPSTREAM_HTTP_ADDRESS and DUPSTREAM_HTTP_PORT.</summary>
/// <param name="Address">Null: every interface, IPv6 and IPv4 where the host has both.</param>
internal sealed record HttpListenerSettings(IPAddress? Address, int Port)
{
    /// <summary>The original image answered on 8080; orchestrator checks and scrapers keep working.</summary>
    public const int DefaultPort = 8080;

    public override string ToString() => Address switch
    {
        null => $"*:{Port}",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => $"[{Address}]:{Port}",
        _ => $"{Address}:{Port}",
    };
}

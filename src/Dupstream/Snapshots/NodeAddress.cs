using System.Net;

namespace Dupstream.Snapshots;

/// <summary>
/// Chooses the address other hosts reach a node on. Status.Addr is right for workers, but a manager can report
/// 0.0.0.0 (a leader that did not create the swarm, after a reboot) or 127.0.0.1 (moby/moby#35437, #30119);
/// its ManagerStatus.Addr ("host:2377") then still holds the advertised address. 0.0.0.0 in an upstream is a dead server.
/// </summary>
internal static class NodeAddress
{
    public static string Choose(string statusAddr, string? managerAddr)
    {
        if (!IsUnusable(statusAddr))
        {
            return statusAddr;
        }

        var managerHost = HostOf(managerAddr);
        return managerHost is not null && !IsUnusable(managerHost) ? managerHost : statusAddr;
    }

    public static bool IsUnusable(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return true;
        }

        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        return ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(ip);
    }

    /// <summary>"10.0.0.1:2377" -> "10.0.0.1", "[fd00::1]:2377" -> "fd00::1", "host" -> "host".</summary>
    public static string? HostOf(string? hostAndPort)
    {
        if (string.IsNullOrWhiteSpace(hostAndPort))
        {
            return null;
        }

        var text = hostAndPort.Trim();
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            return close > 1 ? text[1..close] : null;
        }

        var colon = text.LastIndexOf(':');
        // More than one colon without brackets is a bare IPv6 address, not host:port.
        if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            text = text[..colon];
        }

        return text.Length == 0 ? null : text;
    }
}

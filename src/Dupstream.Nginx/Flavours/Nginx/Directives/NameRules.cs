using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Dupstream.Nginx.Flavours.Nginx.Directives;

/// <summary>What a name or address must look like before it may reach an nginx config or hosts file.</summary>
internal static partial class NameRules
{
    // Every pattern ends in \z, not $: $ also matches before a final "\n", which would let a name
    // carry a line break into the config.

    // Docker service names are [a-zA-Z0-9][a-zA-Z0-9_.-]*; nothing else can be an upstream name here
    // without needing quotes in nginx.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex UpstreamName();

    // RFC 1123 labels; underscores are not allowed because resolvers may refuse them.
    [GeneratedRegex("^(?=.{1,253}\\z)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    [GeneratedRegex("^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DirectiveName();

    public static bool IsUpstreamName(string name) => UpstreamName().IsMatch(name);

    public static bool IsHostName(string name) => HostName().IsMatch(name);

    public static bool IsDirectiveName(string name) => DirectiveName().IsMatch(name);

    /// <summary>
    /// Loopback (127.0.0.0/8, ::1) or link-local (169.254.0.0/16, fe80::/10), also IPv4-mapped: an address
    /// that points the load balancer at itself or its own link, never at a swarm node.
    /// </summary>
    public static bool IsLoopbackOrLinkLocal(IPAddress address)
    {
        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (v4.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = v4.GetAddressBytes();
            return bytes[0] == 127 || (bytes[0] == 169 && bytes[1] == 254);
        }

        return IPAddress.IsLoopback(v4) || v4.IsIPv6LinkLocal;
    }

    /// <summary>
    /// A literal IPv4 dotted quad or IPv6 address, not the unspecified address. Stricter than
    /// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>, which also takes "1" or "0x7f.1".
    /// </summary>
    public static bool TryParseIp(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // Only hex digits, ':' and '.': IPAddress.TryParse also takes "[::1]", "::1%eth0" and "[::1]:80".
            if (!text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
        }
        else
        {
            if (!DottedQuad().IsMatch(text))
            {
                return false;
            }

            address = IPAddress.Parse(text);
        }

        return !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any);
    }
}

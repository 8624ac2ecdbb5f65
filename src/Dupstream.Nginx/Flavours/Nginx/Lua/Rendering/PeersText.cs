using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dupstream.Nginx.Flavours.Nginx.Guard;

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

/// <summary>
/// Pure: the peers of every upstream, as nginx's Lua balancer reads them (file and PUT body), derived from the
/// upstream files alone, so it always agrees with what is on disk, also for a service nginx -t held back.
/// <code>
/// # dupstream-peers VERSION
/// NAME IP:PORT IP:PORT
/// </code>
/// Lines sorted by name; VERSION is the first 8 bytes of SHA-256 of the lines after the first, in lowercase hex.
/// </summary>
internal static class PeersText
{
    public const string Header = "# dupstream-peers ";

    public static string From(IEnumerable<string> upstreamFiles)
    {
        var peers = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in upstreamFiles)
        {
            foreach (var line in file.Split('\n'))
            {
                if (NginxServerLines.UpstreamName(line) is { } name)
                {
                    peers.TryAdd(name, []);
                }
            }

            foreach (var (upstream, server) in NginxServerLines.Servers(file))
            {
                if (peers.TryGetValue(upstream, out var list) && Peer(server.Split(' ')[0]) is { } peer)
                {
                    list.Add(peer);
                }
            }
        }

        var body = new StringBuilder();
        foreach (var (name, list) in peers)
        {
            body.Append(name);
            foreach (var peer in list)
            {
                body.Append(' ').Append(peer);
            }

            body.Append('\n');
        }

        return Header + Version(body.ToString()) + "\n" + body;
    }

    /// <summary>The version a peers text names in its first line, or null when it has none.</summary>
    public static string? VersionOf(string text) =>
        text.StartsWith(Header, StringComparison.Ordinal) && text.IndexOf('\n', StringComparison.Ordinal) is var end and > 0
            ? text[Header.Length..end]
            : null;

    private static string Version(string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(body)).AsSpan(0, 8));

    /// <summary>An <c>IP:PORT</c> peer; "localhost" (upstream.default) is 127.0.0.1. Anything else (a hand edit) is not a peer Lua can dial.</summary>
    private static string? Peer(string server)
    {
        var colon = server.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(server.AsSpan(colon + 1), out var port) || port == 0)
        {
            return null;
        }

        var host = server[..colon];
        if (host == "localhost")
        {
            return $"127.0.0.1:{port}";
        }

        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var address) && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == (host != bare)
            ? server
            : null;
    }
}

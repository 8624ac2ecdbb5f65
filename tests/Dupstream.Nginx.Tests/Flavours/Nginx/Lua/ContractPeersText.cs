using System.Security.Cryptography;
using System.Text;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua;

/// <summary>
/// The peers text of the contract (version line over name-sorted upstream lines), written from the contract rather than
/// taken from the receiver's PeersText: the Lua is tested against the format as specified, with peers that need not
/// match any server line (which the receiver's derivation from upstream files cannot make).
/// </summary>
internal static class ContractPeersText
{
    public static string Render(IReadOnlyDictionary<string, IReadOnlyList<int>> loopbackPorts) =>
        Render(loopbackPorts.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Select(port => $"127.0.0.1:{port}").ToList()));

    public static string Render(IReadOnlyDictionary<string, IReadOnlyList<string>> peers)
    {
        var body = new StringBuilder();
        foreach (var (name, list) in peers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            body.Append(name);
            foreach (var peer in list)
            {
                body.Append(' ').Append(peer);
            }

            body.Append('\n');
        }

        var rest = body.ToString();
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(rest)).AsSpan(0, 8));
        return $"# dupstream-peers {version}\n{rest}";
    }

    public static string VersionOf(string text) => text.Split('\n')[0]["# dupstream-peers ".Length..];
}

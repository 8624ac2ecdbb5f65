using System.Text;
using CsCheck;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua.Rendering;

/// <summary>
/// Membership (only server lines differ: no test, no reload) against structural (anything else): random files of
/// rendered lua blocks, changed in one of the two ways.
/// </summary>
public sealed class MembershipChangeTests
{
    private static readonly string[] Labels = ["", "least_conn;", "ip_hash;", "hash $request_uri consistent;", "random two;", "keepalive 16;", "least_conn; keepalive 8;", "zone z 64k;"];

    private sealed record Block(string Name, string Prefix, string Suffix, int Port, string[] Hosts);

    // As the validator lets them through: at most one method, so the suffix carries none.
    private static readonly string[] Suffixes = ["", "keepalive 16;", "zone z 64k;", "keepalive_timeout 30s;"];

    private static readonly Gen<string> Label = Gen.Int[0, Labels.Length - 1].Select(i => Labels[i]);

    private static readonly Gen<string> Suffix = Gen.Int[0, Suffixes.Length - 1].Select(i => Suffixes[i]);

    private static readonly Gen<string[]> Hosts = Gen.Int[1, 254].Select(i => $"10.0.0.{i}").Array[1, 5];

    private static readonly Gen<Block[]> Blocks = Gen.Select(Label, Suffix, Gen.Int[1, 65535], Hosts)
        .Array[1, 6]
        .Select(parts => parts.Select((p, i) => new Block($"svc{i}", p.Item1, p.Item2, p.Item3, p.Item4)).ToArray());

    private static string Render(IEnumerable<Block> blocks)
    {
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            LuaUpstreamBlock.Append(text, block.Name, block.Prefix, block.Suffix, block.Port, block.Hosts);
        }

        return text.ToString();
    }

    [Fact]
    public void NewServersOrPortsForTheSameBlocksAreMembershipOnly()
    {
        Gen.Select(Blocks, Hosts.Array[6], Gen.Int[1, 65535].Array[6]).Sample((blocks, newHosts, newPorts) =>
        {
            var moved = blocks.Select((b, i) => b with { Hosts = newHosts[i], Port = newPorts[i] });
            Assert.True(MembershipChange.IsMembershipOnly(Render(blocks), Render(moved)));
        });
    }

    [Fact]
    public void AnotherLabelOrSetOfBlocksIsStructural()
    {
        Gen.Select(Blocks, Gen.Int[0, 3], Label, Suffix).Sample((blocks, change, label, suffix) =>
        {
            var changed = change switch
            {
                0 => blocks.Select((b, i) => i == 0 ? b with { Prefix = b.Prefix == label ? label + " keepalive_requests 7;" : label } : b),
                1 => blocks.Select((b, i) => i == 0 ? b with { Suffix = b.Suffix == suffix ? suffix + " keepalive_time 1h;" : suffix } : b),
                2 => blocks.Skip(1),
                _ => blocks.Append(new Block("added", "", "", 80, ["10.0.0.1"])),
            };
            Assert.False(MembershipChange.IsMembershipOnly(Render(blocks), Render(changed)));
        });
    }

    [Fact]
    public void AFileThatWasNotThereIsStructural()
    {
        Assert.False(MembershipChange.IsMembershipOnly(null, ""));
    }

    [Fact]
    public void TheFileModeLayoutBecomingTheLuaLayoutIsStructural()
    {
        Assert.False(MembershipChange.IsMembershipOnly("upstream web {\n\tserver\t10.0.0.1:80;\n}\n\n", Render([new Block("web", "", "", 80, ["10.0.0.1"])])));
    }
}

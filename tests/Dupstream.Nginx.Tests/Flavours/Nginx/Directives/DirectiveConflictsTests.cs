using Dupstream.Nginx.Flavours.Nginx.Directives;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Directives;

/// <summary>
/// Directives valid alone but not together, judged by the real nginx: a block is refused by us exactly when
/// <c>nginx -t</c> fails on it or warns about it ("load balancing method redefined": the first method, or
/// keepalive, is silently dropped). The one deliberate difference is listed apart.
/// </summary>
public sealed class DirectiveConflictsTests
{
    [Theory]
    [InlineData("keepalive 2;", "keepalive 3;")]
    [InlineData("keepalive_timeout 1s;", "keepalive_timeout 2s;")]
    [InlineData("keepalive_requests 1;", "keepalive_requests 2;")]
    [InlineData("keepalive_time 1s;", "keepalive_time 2s;")]
    [InlineData("ip_hash;", "least_conn;")]
    [InlineData("hash $uri;", "ip_hash;")]
    [InlineData("least_conn; random;", "")]
    [InlineData("random;", "hash $uri;")]
    [InlineData("hash $uri; hash $remote_addr;", "")]
    [InlineData("least_conn; least_conn;", "")]
    [InlineData("keepalive 2;", "least_conn;")]
    [InlineData("ip_hash;", "keepalive 2;")]
    [InlineData("least_conn; keepalive 8; keepalive_timeout 30s;", "keepalive_requests 100;")]
    [InlineData("hash $uri consistent; zone z 64k;", "keepalive 4;")]
    [InlineData("random two least_conn;", "keepalive_time 1h;")]
    public async Task AgreesWithNginxOnWhetherTheDirectivesStandTogether(string prefix, string suffix)
    {
        using var dir = new TempDirectory();
        var file = dir.File("upstream.conf");
        await File.WriteAllTextAsync(file, $"upstream probe {{\n\t{prefix}\n\n\tserver\t127.0.0.1:1;\n\n\t{suffix}\n}}\n");
        using var nginx = new NginxSyntax([file]);

        var (exitCode, output) = await nginx.TestAsync();
        var nginxObjects = exitCode != 0 || output.Contains("[warn]", StringComparison.Ordinal);
        var ours = DirectiveConflicts.Check([.. DirectiveListParser.Directives(prefix), .. DirectiveListParser.Directives(suffix)]);

        Assert.True(nginxObjects == (ours is not null), $"nginx -t: exit {exitCode} {output}; ours: {ours ?? "fine"}");
    }

    [Fact]
    public async Task ARepeatedZoneIsRefusedThoughNginxSilentlyTakesTheLast()
    {
        using var dir = new TempDirectory();
        var file = dir.File("upstream.conf");
        await File.WriteAllTextAsync(file, "upstream probe {\n\tzone a 64k; zone b 64k;\n\tserver\t127.0.0.1:1;\n}\n");
        using var nginx = new NginxSyntax([file]);

        Assert.Equal((0, ""), await nginx.TestAsync());
        Assert.Equal(
            "directive 'zone' is given twice in the block (prefix and suffix together); nginx refuses or ignores a repeated one.",
            DirectiveConflicts.Check(DirectiveListParser.Directives("zone a 64k; zone b 64k;")));
    }
}

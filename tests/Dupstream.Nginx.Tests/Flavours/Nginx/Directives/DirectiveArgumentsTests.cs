using Dupstream.Nginx.Flavours.Nginx.Directives;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Directives;

/// <summary>
/// The argument rules are nginx's, so the judge is the real nginx: each statement is put into an
/// upstream block and <c>nginx -t</c> must agree with our verdict, both ways.
/// </summary>
public sealed class DirectiveArgumentsTests
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "hash", "ip_hash", "keepalive", "keepalive_requests", "keepalive_time", "keepalive_timeout", "least_conn", "random", "zone",
    };

    [Theory]
    [InlineData("least_conn;")]
    [InlineData("least_conn x;")]
    [InlineData("ip_hash;")]
    [InlineData("ip_hash 1;")]
    [InlineData("hash $request_uri;")]
    [InlineData("hash $request_uri consistent;")]
    [InlineData("hash $request_uri sometimes;")]
    [InlineData("hash;")]
    [InlineData("random;")]
    [InlineData("random two;")]
    [InlineData("random two least_conn;")]
    [InlineData("random three;")]
    [InlineData("keepalive 16;")]
    [InlineData("keepalive 0;")]
    [InlineData("keepalive abc;")]
    [InlineData("keepalive;")]
    [InlineData("keepalive 16 32;")]
    [InlineData("keepalive_requests 1000;")]
    [InlineData("keepalive_requests many;")]
    [InlineData("keepalive_time 1h;")]
    [InlineData("keepalive_time 1h30m;")]
    [InlineData("keepalive_time 90;")]
    [InlineData("keepalive_time 500ms;")]
    [InlineData("keepalive_time soon;")]
    [InlineData("keepalive_timeout 60s;")]
    [InlineData("keepalive_timeout 1x;")]
    [InlineData("zone shared;")]
    [InlineData("zone shared 64k;")]
    [InlineData("zone shared 1m;")]
    [InlineData("zone shared 4k;")]
    [InlineData("zone shared lots;")]
    [InlineData("keepalive 8; keepalive_timeout 30s;")]
    public async Task Agrees_with_nginx_on_whether_the_statement_is_valid(string statement)
    {
        using var dir = new TempDirectory();
        var file = dir.File("upstream.conf");
        await File.WriteAllTextAsync(file, $"upstream probe {{\n\t{statement}\n\tserver\t127.0.0.1:1;\n}}\n");
        using var nginx = new NginxSyntax([file]);

        var (exitCode, error) = await nginx.TestAsync();
        var ours = DirectiveListParser.Check(statement, Allowed);

        Assert.True((exitCode == 0) == (ours is null), $"nginx -t: exit {exitCode} {error}; ours: {ours ?? "valid"}");
    }
}

using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Flavours.Nginx.Directives;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Directives;

public sealed class DirectiveListParserTests
{
    private static readonly IReadOnlySet<string> Allowed = new HashSet<string>(OutputSettings.DefaultAllowedUpstreamDirectives);

    [Theory]
    [InlineData("ip_hash;")]
    [InlineData("least_conn; keepalive 32;")]
    [InlineData("\thash $request_uri consistent;  ")]
    [InlineData("random two least_conn;")]
    [InlineData("zone backend 64k; keepalive_time 1h; keepalive_timeout 60s; keepalive_requests 100;")]
    public void AcceptsUpstreamDirectives(string text) => Assert.Null(DirectiveListParser.Check(text, Allowed));

    [Theory]
    [InlineData("ip_hash; }", "brace")]
    [InlineData("ip_hash;\nserver x:1;", "line break")]
    [InlineData("ip_hash;\r", "line break")]
    [InlineData("ip_hash; # x", "comment")]
    [InlineData("zone \"a\" 1m;", "quote")]
    [InlineData("zone a\\;b 1m;", "backslash")]
    [InlineData("server evil:80;", "not allowed")]
    [InlineData("proxy_pass http://x;", "not allowed")]
    [InlineData("ip_hash", "does not end")]
    [InlineData(";", "empty statement")]
    [InlineData("ip_hash;\u0001", "control")]
    [InlineData("ip_hash; ｝", "non-ASCII")]
    public void RejectsWithAReason(string text, string reason) =>
        Assert.Contains(reason, DirectiveListParser.Check(text, Allowed) ?? "(accepted)", StringComparison.Ordinal);

    [Fact]
    public void RejectsHugeValues() => Assert.NotNull(DirectiveListParser.Check(string.Concat(Enumerable.Repeat("ip_hash; ", 200)), Allowed));

    [Fact]
    public void TheAllowlistIsConfigurable() =>
        Assert.Null(DirectiveListParser.Check("ntlm;", new HashSet<string> { "ntlm" }));
}

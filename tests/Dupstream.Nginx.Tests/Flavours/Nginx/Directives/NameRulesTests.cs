using Dupstream.Nginx.Flavours.Nginx.Directives;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Directives;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("1", false)]
    [InlineData("0x7f.0.0.1", false)]
    [InlineData("01.2.3.4", false)]
    [InlineData("256.1.1.1", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("", false)]
    [InlineData("10.0.0.1\n", false)]
    [InlineData("::1\n", false)]
    [InlineData("[::1]", false)]
    [InlineData("[::1]:80", false)]
    [InlineData("::ffff:10.0.0.1", true)]
    public void IpAddresses(string text, bool valid) => Assert.Equal(valid, NameRules.TryParseIp(text, out _));

    [Theory]
    [InlineData("node-1", true)]
    [InlineData("docker-node-01.example.com", true)]
    [InlineData("localhost", true)]
    [InlineData("-node", false)]
    [InlineData("node_1", false)]
    [InlineData("a b", false)]
    [InlineData("node;", false)]
    [InlineData("", false)]
    [InlineData("node-1\n", false)]
    [InlineData("node-1\n10.6.6.6\tbank.example", false)]
    [InlineData("n\u00f6de", false)]
    public void HostNames(string text, bool valid) => Assert.Equal(valid, NameRules.IsHostName(text));

    /// <summary>Found by the fuzz test: "$" in the patterns let a final line break through.</summary>
    [Theory]
    [InlineData("web", true)]
    [InlineData("web\n", false)]
    [InlineData("web\r\n", false)]
    [InlineData("w\u00e9b", false)]
    [InlineData("web\u202e", false)]
    [InlineData("\ufeffweb", false)]
    [InlineData("web\u0000", false)]
    public void UpstreamNames(string text, bool valid) => Assert.Equal(valid, NameRules.IsUpstreamName(text));

    [Theory]
    [InlineData("least_conn", true)]
    [InlineData("least_conn\n", false)]
    public void DirectiveNames(string text, bool valid) => Assert.Equal(valid, NameRules.IsDirectiveName(text));
}

using Dupstream.Nginx.Validation;

namespace Dupstream.Nginx.Tests.Validation;

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
    public void HostNames(string text, bool valid) => Assert.Equal(valid, NameRules.IsHostName(text));
}

using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua.Rendering;

/// <summary>What each balancing label becomes in apply_mode "lua" (the contract's table), and what stays a directive.</summary>
public sealed class BalanceCallTests
{
    [Theory]
    [InlineData("", "", "\"round_robin\"", "", "")]
    [InlineData("least_conn;", "", "\"least_conn\"", "", "")]
    [InlineData("ip_hash;", "keepalive 32;", "\"ip_hash\"", "", "keepalive 32;")]
    [InlineData("hash $request_uri;", "", "\"hash\", \"$request_uri\"", "", "")]
    [InlineData("hash $request_uri consistent;", "", "\"hash\", \"$request_uri\", true", "", "")]
    [InlineData("random;", "", "\"random\"", "", "")]
    [InlineData("random two;", "", "\"random_two\"", "", "")]
    [InlineData("random two least_conn;", "", "\"random_two\"", "", "")]
    [InlineData("least_conn; keepalive 16;", "keepalive_timeout 30s;", "\"least_conn\"", "keepalive 16;", "keepalive_timeout 30s;")]
    [InlineData("zone z 64k;  keepalive   16;", "", "\"round_robin\"", "zone z 64k; keepalive   16;", "")]
    [InlineData("", "keepalive 8; least_conn;", "\"least_conn\"", "", "keepalive 8;")]
    public void TheMethodBecomesTheBalancersArgumentsAndTheRestStaysDirectives(string prefix, string suffix, string arguments, string restPrefix, string restSuffix)
    {
        var call = BalanceCall.Of(prefix, suffix);

        Assert.Equal(new BalanceCall(arguments, restPrefix, restSuffix), call);
    }

    [Fact]
    public void NtlmIsRefusedWithAReasonAndNothingElseIs()
    {
        Assert.Contains("'ntlm' cannot work with apply_mode \"lua\"", BalanceCall.Refusal(["keepalive", "ntlm"]), StringComparison.Ordinal);
        Assert.Null(BalanceCall.Refusal(["hash", "ip_hash", "keepalive", "least_conn", "random", "zone"]));
    }
}

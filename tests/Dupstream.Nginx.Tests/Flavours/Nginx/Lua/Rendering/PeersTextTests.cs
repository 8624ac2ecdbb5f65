// The Lua tests' own PeersText (their oracle) shadows the receiver's in this namespace.
using ReceiverPeers = Dupstream.Nginx.Flavours.Nginx.Lua.Rendering.PeersText;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua.Rendering;

/// <summary>The peers text is derived from the upstream files alone, in the contract's format; versions computed with Python's hashlib.</summary>
public sealed class PeersTextTests
{
    private const string Default = "upstream web {\n\tbalancer_by_lua_block { dupstream.balance(\"web\", \"round_robin\") }\n\n"
        + "\tserver\t10.0.0.1:8080 weight=2;\n\tserver\t[fd00::7]:8080;\n\tserver\tlocalhost:8080;\n\tserver\tnode-1:8080;\n}\n\n"
        + "upstream empty {\n}\n\n";

    private const string Global = "upstream api {\n\tbalancer_by_lua_block { dupstream.balance(\"api\", \"least_conn\") }\n\tkeepalive 8;\n\n\tserver\t10.0.0.2:8081;\n}\n\n";

    [Fact]
    public void EveryUpstreamIsOneLineSortedByNameWithTheVersionOfTheRest()
    {
        Assert.Equal(
            "# dupstream-peers d7b241263312a6c3\napi 10.0.0.2:8081\nempty\nweb 10.0.0.1:8080 [fd00::7]:8080 127.0.0.1:8080\n",
            ReceiverPeers.From([Default, Global]));
    }

    [Fact]
    public void NoUpstreamsIsTheVersionLineAlone()
    {
        Assert.Equal("# dupstream-peers e3b0c44298fc1c14\n", ReceiverPeers.From(["", ""]));
    }

    [Fact]
    public void TheFileOrderDoesNotChangeTheText()
    {
        Assert.Equal(ReceiverPeers.From([Default, Global]), ReceiverPeers.From([Global, Default]));
    }

    [Fact]
    public void TheVersionIsReadBackFromTheFirstLine()
    {
        Assert.Equal("d7b241263312a6c3", ReceiverPeers.VersionOf(ReceiverPeers.From([Default, Global])));
        Assert.Null(ReceiverPeers.VersionOf("web 10.0.0.1:80\n"));
    }
}

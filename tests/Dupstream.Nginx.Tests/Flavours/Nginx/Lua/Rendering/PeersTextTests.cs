using System.Text;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

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
            PeersText.From([Default, Global]));
    }

    [Fact]
    public void NoUpstreamsIsTheVersionLineAlone()
    {
        Assert.Equal("# dupstream-peers e3b0c44298fc1c14\n", PeersText.From(["", ""]));
    }

    [Fact]
    public void TheFileOrderDoesNotChangeTheText()
    {
        Assert.Equal(PeersText.From([Default, Global]), PeersText.From([Global, Default]));
    }

    [Fact]
    public void TheVersionIsReadBackFromTheFirstLine()
    {
        Assert.Equal("d7b241263312a6c3", PeersText.VersionOf(PeersText.From([Default, Global])));
        Assert.Null(PeersText.VersionOf("web 10.0.0.1:80\n"));
    }

    [Fact]
    public void TheReceiversTextIsTheContractsForTheBlocksTheReceiverRenders()
    {
        // The Lua tests speak the contract's text (ContractPeersText); the receiver derives its text from the blocks it
        // renders: both must be the same bytes, or the Lua tests would pass against a format the receiver never sends.
        var blocks = new StringBuilder();
        LuaUpstreamBlock.Append(blocks, "web", "least_conn; keepalive 8;", "", 8080, ["10.0.0.2", "10.0.0.1"]);
        LuaUpstreamBlock.Append(blocks, "api", "", "", 9090, ["10.0.0.3"]);

        var expected = ContractPeersText.Render(new Dictionary<string, IReadOnlyList<string>>
        {
            ["web"] = ["10.0.0.2:8080", "10.0.0.1:8080"],
            ["api"] = ["10.0.0.3:9090"],
        });
        Assert.Equal(expected, PeersText.From([blocks.ToString()]));
        var loopbackBlock = new StringBuilder();
        LuaUpstreamBlock.Append(loopbackBlock, "api", "keepalive 4;", "", 9090, ["127.0.0.1"]);
        Assert.Equal(ContractUpstreamBlock.Render("api", "\"round_robin\"", ["keepalive 4;"], [9090]), loopbackBlock.ToString());
    }
}

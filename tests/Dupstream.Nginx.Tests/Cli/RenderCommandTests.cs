using System.Text.Json.Nodes;
using Dupstream.Nginx.Cli;
using Dupstream.Nginx.Flavours.Nginx.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Validation;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Cli;

/// <summary><c>render</c>'s text: in apply_mode "lua" it also shows the peers nginx's memory would get.</summary>
public sealed class RenderCommandTests
{
    [Fact]
    public void LuaModeAlsoPrintsThePeersText()
    {
        using var dir = new TempDirectory();
        var config = TestConfigs.Load(dir, new JsonObject { ["apply_mode"] = "lua", ["server_address"] = "ip" });

        var text = RenderCommand.Format(UpstreamRenderer.Render(SnapshotValidator.Validate(Snapshots.Web(8080), config), config), config);

        Assert.Contains($"# ==> lua peers: {dir.File("dupstream-peers.txt")} (what nginx's memory gets)\n# dupstream-peers ", text, StringComparison.Ordinal);
        Assert.EndsWith("\nweb 10.0.0.1:8080\n# ==> hostsfile: not used (server_address is \"ip\")\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReloadModePrintsNoPeers()
    {
        using var dir = new TempDirectory();
        var config = TestConfigs.Load(dir, new JsonObject { ["server_address"] = "ip" });

        var text = RenderCommand.Format(UpstreamRenderer.Render(SnapshotValidator.Validate(Snapshots.Web(8080), config), config), config);

        Assert.DoesNotContain("peers", text, StringComparison.Ordinal);
    }
}

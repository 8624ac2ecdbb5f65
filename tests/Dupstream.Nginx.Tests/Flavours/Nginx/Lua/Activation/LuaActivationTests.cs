using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;
using Dupstream.Nginx.Tests.Applying;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua.Activation;

/// <summary>
/// The real applier with the Lua activation and a fake control endpoint: a membership change is written and PUT
/// with no test and no reload; a structural one is tested and reloaded, then PUT; a failed PUT restores every file,
/// the peers file included; a service held back by the test keeps its old peers.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LuaActivationTests
{
    private static JsonObject Settings(string test = "true") => new()
    {
        ["apply_mode"] = "lua",
        ["server_address"] = "ip",
        ["nginx_test_command"] = $"{test} && echo test >> {{dir}}/tests.txt",
    };

    private static SwarmSnapshot Snapshot(string webIp, string? apiPrefix = null, string? extra = null)
    {
        var labels = apiPrefix is null ? null : new Dictionary<string, string> { ["dupstream.upstream.prefix"] = apiPrefix };
        return new SwarmSnapshot
        {
            Nodes = [Snapshots.Node("n1", "node-1", webIp), Snapshots.Node("n2", "node-2", "10.0.0.2")],
            Services = [Snapshots.Service("web", 8080, ["n1"]), Snapshots.Service("api", 8081, ["n2"], labels), .. extra is null ? [] : new[] { Snapshots.Service(extra, 8082, ["n2"]) }],
        };
    }

    private static ApplierHarness Harness(FakePeersControl control, string test = "true")
    {
        var h = new ApplierHarness(Settings(test), control: control);
        File.WriteAllText(h.Dir.File("default.conf"), "");
        File.WriteAllText(h.Dir.File("global.conf"), "");
        return h;
    }

    private static string Peers(ApplierHarness h) => File.ReadAllText(h.Dir.File("dupstream-peers.txt"));

    [Fact]
    public async Task AMembershipChangeIsPutWithoutTestOrReload()
    {
        var control = new FakePeersControl();
        using var h = Harness(control);
        var first = await h.ApplyAsync(Snapshot("10.0.0.1"));
        Assert.Equal(ApplyResult.Applied, first.Result);
        Assert.Equal((1, 1, MemoryUpdate.Succeeded), (h.Tests, h.Reloads, first.Memory));
        Assert.EndsWith(" and reloaded nginx, then updated nginx's memory.", first.Message, StringComparison.Ordinal);

        var moved = await h.ApplyAsync(Snapshot("10.0.0.9"));

        Assert.Equal(ApplyResult.Applied, moved.Result);
        Assert.Equal((1, 1), (h.Tests, h.Reloads));
        Assert.False(moved.Reloaded);
        Assert.Equal(MemoryUpdate.Succeeded, moved.Memory);
        Assert.Equal("Updated 2 file(s) and updated nginx's memory (no reload).", moved.Message);
        Assert.Equal([h.Dir.File("default.conf"), h.Dir.File("dupstream-peers.txt")], moved.ChangedFiles.Order(StringComparer.Ordinal));
        Assert.Equal(Peers(h), control.Puts[^1]);
        Assert.Equal(PeersText.From([File.ReadAllText(h.Dir.File("default.conf")), File.ReadAllText(h.Dir.File("global.conf"))]), Peers(h));
        Assert.Contains("\nweb 10.0.0.9:8080\n", Peers(h), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LuaFilesMissingFromDiskComeBackWithTheNextApplyWhichIsThenStructural()
    {
        // As after a start whose nginx -t failed (nginx.conf not there yet) and put the lua files back to none.
        var control = new FakePeersControl();
        using var h = Harness(control);
        await h.ApplyAsync(Snapshot("10.0.0.1"));
        var conf = h.Dir.File("dupstream-lua.conf");
        var module = h.Dir.File("dupstream_balancer.lua");
        Assert.Contains("lua_shared_dict dupstream_peers", File.ReadAllText(conf), StringComparison.Ordinal);
        Assert.Contains("balance", File.ReadAllText(module), StringComparison.Ordinal);
        File.Delete(conf);
        File.Delete(module);

        var moved = await h.ApplyAsync(Snapshot("10.0.0.9"));

        Assert.Equal(ApplyResult.Applied, moved.Result);
        Assert.True(moved.Reloaded);
        Assert.Equal((2, 2), (h.Tests, h.Reloads));
        Assert.True(File.Exists(conf) && File.Exists(module));
        Assert.Contains(conf, moved.ChangedFiles);
    }

    [Theory]
    [InlineData("least_conn;", null)]
    [InlineData(null, "extra")]
    public async Task AStructuralChangeIsTestedReloadedThenPut(string? apiPrefix, string? extra)
    {
        var control = new FakePeersControl();
        using var h = Harness(control);
        await h.ApplyAsync(Snapshot("10.0.0.1"));

        var changed = await h.ApplyAsync(Snapshot("10.0.0.1", apiPrefix, extra));

        Assert.Equal(ApplyResult.Applied, changed.Result);
        Assert.Equal((2, 2, 2), (h.Tests, h.Reloads, control.Puts.Count));
        Assert.True(changed.Reloaded);
        Assert.Equal(Peers(h), control.Puts[^1]);
    }

    [Fact]
    public async Task TheSameSnapshotAgainIsUnchangedAndPutsNothing()
    {
        var control = new FakePeersControl();
        using var h = Harness(control);
        await h.ApplyAsync(Snapshot("10.0.0.1"));

        var again = await h.ApplyAsync(Snapshot("10.0.0.1"));

        Assert.Equal(ApplyResult.Unchanged, again.Result);
        Assert.Single(control.Puts);
    }

    [Theory]
    [InlineData("10.0.0.9", null, false)]
    [InlineData("10.0.0.1", "least_conn;", true)]
    public async Task AFailedPutRestoresEveryFileThePeersFileIncluded(string webIp, string? apiPrefix, bool reloaded)
    {
        var control = new FakePeersControl();
        using var h = Harness(control);
        await h.ApplyAsync(Snapshot("10.0.0.1"));
        var before = h.Files();
        control.Failure = "nginx does not answer on /run/x.sock: Connection refused";

        var outcome = await h.ApplyAsync(Snapshot(webIp, apiPrefix));

        Assert.Equal(ApplyResult.MemoryUpdateFailed, outcome.Result);
        Assert.Equal(MemoryUpdate.Failed, outcome.Memory);
        Assert.Equal(reloaded, outcome.Reloaded);
        Assert.StartsWith("nginx did not take the peers into its memory", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("every file was restored: nginx does not answer on /run/x.sock: Connection refused", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.Files());
        Assert.Single(control.Puts);

        // A reload had made nginx take the new blocks: one more brings it back to the restored files.
        Assert.Equal(reloaded ? 3 : 1, h.Reloads);
        Assert.Equal(reloaded, outcome.Message.Contains("reloaded again with the restored ones", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServiceTheTestRefusesKeepsItsOldPeers()
    {
        var control = new FakePeersControl();
        using var h = Harness(control, test: "! grep -q 'zone bad' {dir}/default.conf");
        await h.ApplyAsync(Snapshot("10.0.0.1"));

        // web moves (a membership change) while api gets a block nginx -t refuses: api is held back, with its old peers.
        var snapshot = Snapshot("10.0.0.9", "zone bad 64k;");
        var outcome = await h.ApplyAsync(snapshot with { Nodes = [snapshot.Nodes[0], Snapshots.Node("n2", "node-2", "10.0.0.3")] });

        Assert.Equal(ApplyResult.Applied, outcome.Result);
        Assert.Equal(["api"], outcome.HeldBack.Select(b => b.Change.Name));
        var peers = Peers(h);
        Assert.Contains("\napi 10.0.0.2:8081\n", peers, StringComparison.Ordinal);
        Assert.Contains("\nweb 10.0.0.9:8080\n", peers, StringComparison.Ordinal);
        Assert.Equal(PeersText.From([File.ReadAllText(h.Dir.File("default.conf")), File.ReadAllText(h.Dir.File("global.conf"))]), peers);
        Assert.Equal(peers, control.Puts[^1]);
    }

    [Fact]
    public async Task TheWipeGuardStillRefusesAMassRemovalAndPutsNothing()
    {
        var control = new FakePeersControl();
        var settings = Settings();
        settings["max_removed_share"] = 0.4;
        using var h = new ApplierHarness(settings, control: control);
        await h.ApplyAsync(Snapshot("10.0.0.1"));
        var before = h.Files();

        var outcome = await h.ApplyAsync(new SwarmSnapshot { Nodes = [Snapshots.Node("n1", "node-1", "10.0.0.1")], Services = [] });

        Assert.Equal(ApplyResult.WipeRefused, outcome.Result);
        Assert.Equal(before, h.Files());
        Assert.Single(control.Puts);
    }
}

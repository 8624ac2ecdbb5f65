using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;
using Dupstream.Nginx.Tests.Api;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua.Activation;

/// <summary>
/// apply_mode "lua" end to end: the real receiver in process, Debian's nginx with the Lua module and the embedded
/// balancer, backends on loopback. Membership changes reach nginx with no reload and the next request goes to the
/// new set; structural ones reload; both restarts come back to the newest set; the test isolation and the wipe
/// guard hold as in reload mode.
/// </summary>
public sealed class LuaNginxEndToEndTests(LuaReceiverNginx nginx) : IClassFixture<LuaReceiverNginx>
{
    private static readonly SnapshotNode[] Nodes = [Snapshots.Node("n1", "b1", "127.0.0.2"), Snapshots.Node("n2", "b2", "127.0.0.3"), Snapshots.Node("n3", "b3", "127.0.0.4")];

    private SwarmSnapshot Snapshot(string[] web, string[] api, string? webPrefix = null, string? apiPrefix = null) => new()
    {
        Nodes = Nodes,
        Services =
        [
            Snapshots.Service("web", nginx.BackendPort, web, webPrefix is null ? null : new() { ["dupstream.upstream.prefix"] = webPrefix }),
            Snapshots.Service("api", nginx.BackendPort, api, apiPrefix is null ? null : new() { ["dupstream.upstream.prefix"] = apiPrefix }),
        ],
    };

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(RunningReceiver receiver, SwarmSnapshot snapshot)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = new ByteArrayContent(SnapshotJson.Serialize(snapshot)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-SECRET", "s3cret");
        using var response = await receiver.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>
    /// A structural snapshot applied and live: nginx reloaded (its one worker is a new one, so the reload, which also
    /// loads the peers file, is over) and routes web to <paramref name="web"/>'s first backend.
    /// </summary>
    private async Task BaselineAsync(RunningReceiver receiver, string[] web, string[] api, string? webPrefix = null, string? apiPrefix = null)
    {
        var before = nginx.WorkerPids();
        var (status, body) = await PostAsync(receiver, Snapshot(web, api, webPrefix, apiPrefix));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        if (body["reloaded"]!.GetValue<bool>())
        {
            await Eventually.UntilAsync(() => nginx.WorkerPids() is { Count: 1 } now && !now.Overlaps(before), "the reload to replace nginx's worker");
        }

        var expected = Nodes.First(n => n.Id == web[0]).Name;
        await Eventually.UntilAsync(async () => await nginx.RouteAsync() == expected, Eventually.DefaultTimeout, $"nginx to route web to {expected}");
    }

    [Fact]
    public async Task AMembershipChangeReachesNginxWithoutAReloadAndTheNextRequestGoesToTheNewSet()
    {
        await using var receiver = await nginx.StartReceiverAsync();
        await BaselineAsync(receiver, ["n1"], ["n1"]);
        var workers = await nginx.SettledWorkersAsync();
        var reloads = receiver.Reloads;

        var (status, body) = await PostAsync(receiver, Snapshot(["n2"], ["n1"]));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body["reloaded"]!.GetValue<bool>());
        Assert.True(body["memory_updated"]!.GetValue<bool>());
        Assert.Equal("b2", await nginx.RouteAsync());
        Assert.Equal("b1", await nginx.RouteAsync("/api/"));
        Assert.Equal(reloads, receiver.Reloads);
        Assert.Equal(workers, nginx.WorkerPids());

        // Scaled to two: round robin over both, still without a reload.
        await PostAsync(receiver, Snapshot(["n2", "n3"], ["n1"]));
        var seen = new HashSet<string> { await nginx.RouteAsync(), await nginx.RouteAsync(), await nginx.RouteAsync(), await nginx.RouteAsync() };
        Assert.Equal(["b2", "b3"], seen.Order(StringComparer.Ordinal));
        Assert.Equal(reloads, receiver.Reloads);
        Assert.Equal(workers, nginx.WorkerPids());

        using var control = nginx.Control();
        var held = await control.GetAsync(CancellationToken.None);
        Assert.True(held.Succeeded, held.Detail);
        Assert.Equal(File.ReadAllText(nginx.PeersFile), held.Detail);
    }

    [Fact]
    public async Task AStructuralChangeReloads()
    {
        await using var receiver = await nginx.StartReceiverAsync();
        await BaselineAsync(receiver, ["n1"], ["n1"]);
        var reloads = receiver.Reloads;

        var (status, body) = await PostAsync(receiver, Snapshot(["n1"], ["n1"], webPrefix: "least_conn; keepalive 4;"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body["reloaded"]!.GetValue<bool>());
        Assert.True(body["memory_updated"]!.GetValue<bool>());
        Assert.Equal(reloads + 1, receiver.Reloads);
        Assert.Contains("dupstream.balance(\"web\", \"least_conn\")", File.ReadAllText(Path.Combine(nginx.Folder, "default.conf")), StringComparison.Ordinal);
        await Eventually.UntilAsync(async () => await nginx.RouteAsync() == "b1", Eventually.DefaultTimeout, "nginx to route web to b1 after the reload");
    }

    [Fact]
    public async Task ARestartedNginxRoutesItsFirstRequestToTheNewestSet()
    {
        await using var receiver = await nginx.StartReceiverAsync();
        await BaselineAsync(receiver, ["n1"], ["n1"]);
        await PostAsync(receiver, Snapshot(["n3"], ["n1"]));
        Assert.Equal("b3", await nginx.RouteAsync());

        await nginx.RestartAsync();

        Assert.Equal("b3", await nginx.RouteAsync());
    }

    [Fact]
    public async Task ARestartedReceiverResyncsNginxsMemoryFromTheFiles()
    {
        await using (var first = await nginx.StartReceiverAsync())
        {
            await BaselineAsync(first, ["n1"], ["n1"]);
        }

        // While no receiver runs, nginx's memory drifts from the files (as after a PUT whose answer was lost).
        using var control = nginx.Control();
        var drift = await control.PutAsync(PeersText.From([$"upstream web {{\n\tserver\t127.0.0.4:{nginx.BackendPort};\n}}\n"]), CancellationToken.None);
        Assert.True(drift.Succeeded, drift.Detail);
        Assert.Equal("b3", await nginx.RouteAsync());

        await using var second = await nginx.StartReceiverAsync();

        Assert.Equal("b1", await nginx.RouteAsync());
        Assert.Equal(File.ReadAllText(nginx.PeersFile), (await control.GetAsync(CancellationToken.None)).Detail);
    }

    [Fact]
    public async Task AServiceNginxTestRefusesKeepsItsOldPeers()
    {
        await using var receiver = await nginx.StartReceiverAsync();
        await BaselineAsync(receiver, ["n1"], ["n1"], apiPrefix: "zone shared 64k;");

        // web's new block declares api's zone again with another size: only nginx -t knows; web keeps its old block and peers.
        var (status, body) = await PostAsync(receiver, Snapshot(["n2"], ["n2"], webPrefix: "zone shared 128k;", apiPrefix: "zone shared 64k;"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["web"], body["rejected_services"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        Assert.Equal("b1", await nginx.RouteAsync());
        Assert.Equal("b2", await nginx.RouteAsync("/api/"));
        var peers = File.ReadAllText(nginx.PeersFile);
        Assert.Contains($"\napi 127.0.0.3:{nginx.BackendPort}\n", peers, StringComparison.Ordinal);
        Assert.Contains($"\nweb 127.0.0.2:{nginx.BackendPort}\n", peers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWipeGuardStillRefusesAMassRemoval()
    {
        await using var receiver = await nginx.StartReceiverAsync(new JsonObject { ["max_removed_share"] = 0.5 });
        await BaselineAsync(receiver, ["n1", "n2"], ["n1"]);
        var peers = File.ReadAllText(nginx.PeersFile);

        var (status, _) = await PostAsync(receiver, new SwarmSnapshot { Nodes = Nodes, Services = [] });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(peers, File.ReadAllText(nginx.PeersFile));
        using var control = nginx.Control();
        Assert.Equal(peers, (await control.GetAsync(CancellationToken.None)).Detail);
        Assert.Contains(await nginx.RouteAsync(), (string[])["b1", "b2"]);
    }
}

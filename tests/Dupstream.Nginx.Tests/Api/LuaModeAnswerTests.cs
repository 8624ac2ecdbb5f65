using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Flavours.Nginx.Lua.Control;
using Dupstream.Nginx.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dupstream.Nginx.Tests.Api;

/// <summary>
/// The real receiver in apply_mode "lua" with a fake control endpoint: the answers carry memory_updated, the
/// metrics count memory updates apart from reloads, /healthz says the mode; in reload mode nothing of it shows.
/// </summary>
public sealed class LuaModeAnswerTests
{
    private static SwarmSnapshot Snapshot(string ip) => new()
    {
        Nodes = [Snapshots.Node("n1", "node-1", ip)],
        Services = [Snapshots.Service("web", 8080, ["n1"])],
    };

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(RunningReceiver receiver, SwarmSnapshot snapshot)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = new ByteArrayContent(SnapshotJson.Serialize(snapshot)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Add("X-SECRET", "s3cret");
        using var response = await receiver.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static double? Value(string exposition, string series) =>
        exposition.Split('\n').Where(line => line.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(line => (double?)double.Parse(line[(series.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture))
            .FirstOrDefault();

    private static async Task<RunningReceiver> StartLuaAsync(FakePeersControl control)
    {
        var dir = new TempDirectory();
        return await RunningReceiver.StartAsync(
            new JsonObject { ["apply_mode"] = "lua", ["server_address"] = "ip", ["lua_control_socket"] = dir.File("control.sock") },
            customize: b => b.Services.AddSingleton<IPeersControl>(control),
            directory: dir);
    }

    [Fact]
    public async Task MembershipChangesUpdateTheMemoryWithoutAReloadAndAreCountedApart()
    {
        var control = new FakePeersControl();
        await using var receiver = await StartLuaAsync(control);
        // At start the new lua files were tested and loaded, and the peers of the (empty) files sent.
        Assert.Equal(1, receiver.Reloads);
        Assert.Single(control.Puts);
        var health = JsonNode.Parse(await receiver.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative)))!;
        Assert.Equal("lua", health["apply_mode"]!.GetValue<string>());

        var (status, first) = await PostAsync(receiver, Snapshot("10.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(first["reloaded"]!.GetValue<bool>());
        Assert.True(first["memory_updated"]!.GetValue<bool>());

        var (_, moved) = await PostAsync(receiver, Snapshot("10.0.0.2"));
        Assert.Equal("applied", moved["result"]!.GetValue<string>());
        Assert.False(moved["reloaded"]!.GetValue<bool>());
        Assert.True(moved["memory_updated"]!.GetValue<bool>());
        Assert.Equal("Updated 2 file(s) and updated nginx's memory (no reload).", moved["message"]!.GetValue<string>());
        Assert.Equal(2, receiver.Reloads);

        var (_, again) = await PostAsync(receiver, Snapshot("10.0.0.2"));
        Assert.Equal("unchanged", again["result"]!.GetValue<string>());
        Assert.False(again["memory_updated"]!.GetValue<bool>());

        control.Failure = "nginx does not answer";
        var (failedStatus, failed) = await PostAsync(receiver, Snapshot("10.0.0.3"));
        Assert.Equal(HttpStatusCode.InternalServerError, failedStatus);
        Assert.Equal("memory_update_failed", failed["result"]!.GetValue<string>());
        Assert.False(failed["memory_updated"]!.GetValue<bool>());
        Assert.Contains("\nweb 10.0.0.2:8080\n", File.ReadAllText(receiver.Dir.File("dupstream-peers.txt")), StringComparison.Ordinal);

        var metrics = await receiver.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(2, Value(metrics, "dupstream_nginx_memory_updates_total{outcome=\"success\"}"));
        Assert.Equal(1, Value(metrics, "dupstream_nginx_memory_updates_total{outcome=\"failure\"}"));
        Assert.Equal(1, Value(metrics, "dupstream_nginx_reloads_total{outcome=\"success\"}"));
        Assert.Equal(0, Value(metrics, "dupstream_nginx_reloads_total{outcome=\"failure\"}"));
        Assert.Equal(1, Value(metrics, "dupstream_nginx_applies_total{result=\"memory_update_failed\"}"));
        var lastApply = JsonNode.Parse(await receiver.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative)))!["last_apply"]!;
        Assert.Equal("memory_update_failed", lastApply["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReloadModeAnswersAsBefore()
    {
        await using var receiver = await RunningReceiver.StartAsync();

        var (_, body) = await PostAsync(receiver, Snapshot("10.0.0.1"));

        Assert.False(body.ContainsKey("memory_updated"));
        Assert.Equal("Updated 3 file(s) and reloaded nginx.", body["message"]!.GetValue<string>());
        var health = JsonNode.Parse(await receiver.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative)))!;
        Assert.Equal("reload", health["apply_mode"]!.GetValue<string>());
        Assert.Equal(0, Value(await receiver.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), "dupstream_nginx_memory_updates_total{outcome=\"success\"}"));
    }
}

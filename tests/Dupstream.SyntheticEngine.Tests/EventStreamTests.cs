using System.Globalization;
using System.Text.Json.Nodes;
using Dupstream.SyntheticEngine.Cluster;
using Dupstream.SyntheticEngine.Json;

namespace Dupstream.SyntheticEngine.Tests;

/// <summary>/events: replay since a time, stop at until, filter by type, and stream live changes.</summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    private EngineOnSocket engine = null!;

    public async Task InitializeAsync() => engine = await EngineOnSocket.StartAsync(new ClusterSpec(Nodes: 3, Services: 4, Tasks: 8));

    public async Task DisposeAsync() => await engine.DisposeAsync();

    private static string Time(long nano) =>
        string.Create(CultureInfo.InvariantCulture, $"{nano / 1_000_000_000}.{nano % 1_000_000_000:D9}");

    private async Task<List<JsonNode>> ReadAllAsync(string query)
    {
        var text = await engine.Http.GetStringAsync(new Uri("/v1.41/events?" + query, UriKind.Relative));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
    }

    [Fact]
    public async Task Changes_are_replayed_between_since_and_until_with_the_recorded_event_shape()
    {
        var start = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var service = engine.Cluster.Services[0];
        engine.Cluster.Scale(service.Name, 5);
        engine.Cluster.Drain(engine.Cluster.Nodes[1].Hostname);
        engine.Cluster.Remove(engine.Cluster.Services[3].Name);
        var end = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

        var all = await ReadAllAsync($"since={Time(start)}&until={Time(end)}");
        var services = await ReadAllAsync($"since={Time(start)}&until={Time(end)}&filters={Uri.EscapeDataString("""{"type":["service"]}""")}");

        Assert.Equal(["service update", "node update", "service remove"], all.Select(e => $"{e["Type"]} {e["Action"]}"));
        Assert.Equal("5", (string?)all[0]["Actor"]!["Attributes"]!["replicas.new"]);
        Assert.Equal("drain", (string?)all[1]["Actor"]!["Attributes"]!["availability.new"]);
        Assert.Equal(2, services.Count);
        var recordedKeys = RecordedTemplates.Instance.Event.Select(p => p.Key).ToList();
        Assert.All(all, e => Assert.Equal(recordedKeys, e.AsObject().Select(p => p.Key)));
        Assert.All(all, e => Assert.Equal((long)e["timeNano"]! / 1_000_000_000, (long)e["time"]!));
        Assert.Equal(all.Select(e => (long)e["timeNano"]!).Order(), all.Select(e => (long)e["timeNano"]!));
    }

    [Fact]
    public async Task A_live_stream_delivers_a_change_made_after_it_opened()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/events?filters=" + Uri.EscapeDataString("""{"type":{"node":true,"service":true}}"""), UriKind.Relative));
        using var response = await engine.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        engine.Cluster.Scale(engine.Cluster.Services[1].Name, 1);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var line = await reader.ReadLineAsync(deadline.Token);

        var received = JsonNode.Parse(line!)!;
        Assert.Equal(("service", "update", engine.Cluster.Services[1].Id), ((string?)received["Type"], (string?)received["Action"], (string?)received["Actor"]!["ID"]));
    }
}

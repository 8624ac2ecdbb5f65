using Dupstream.Configuration;
using Dupstream.Contracts;
using Dupstream.Docker;
using Dupstream.Snapshots;
using Dupstream.SyntheticEngine.Cluster;
using Dupstream.SyntheticEngine.Reference;

namespace Dupstream.SyntheticEngine.Tests;

/// <summary>
/// The watcher's own engine adapter, mapper and snapshot builder on a generated cluster: the library's full
/// models and the lean readers agree record for record, and the snapshot is the one the cluster model implies.
/// </summary>
public sealed class WatcherReadsSyntheticEngineTests : IAsyncLifetime, IDisposable
{
    private EngineOnSocket engine = null!;
    private DockerEngine lean = null!;
    private ModelDockerEngine models = null!;

    public async Task InitializeAsync()
    {
        engine = await EngineOnSocket.StartAsync(new ClusterSpec(Nodes: 12, Services: 150, Tasks: 1000, Seed: 7));
        var endpoint = new EngineEndpoint(engine.Engine.DockerHost, false, null);
        lean = new DockerEngine(DockerClientFactory.Create(endpoint));
        models = new ModelDockerEngine(DockerClientFactory.Create(endpoint));
    }

    public async Task DisposeAsync() => await engine.DisposeAsync();

    public void Dispose()
    {
        lean.Dispose();
        models.Dispose();
    }

    private async Task<SwarmSnapshot> ReadAsync(bool viaModels = false)
    {
        var ct = CancellationToken.None;
        return viaModels
            ? SnapshotBuilder.Build(await models.ListNodesAsync(ct), await models.ListServicesAsync(ct), await models.ListRunningTasksAsync(ct))
            : SnapshotBuilder.Build(await lean.ListNodesAsync(ct), await lean.ListServicesAsync(ct), await lean.ListRunningTasksAsync(ct));
    }

    /// <summary>What the snapshot must hold, computed from the cluster model rather than from any JSON.</summary>
    private SwarmSnapshot Expected()
    {
        var cluster = engine.Cluster;
        var ready = cluster.Nodes.Where(n => n is { State: "ready", Availability: "active" }).ToDictionary(n => n.Id, StringComparer.Ordinal);
        return new SwarmSnapshot
        {
            Nodes = ready.Values.OrderBy(n => n.Hostname, StringComparer.Ordinal)
                .Select(n => new SnapshotNode { Id = n.Id, Name = n.Hostname, Ip = n.Addr, State = "ready", Availability = "active" }).ToList(),
            Services = cluster.Services.Where(s => s.Kind != ServiceKind.NoPorts).OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new SnapshotService
                {
                    Name = s.Name,
                    Ports = s.Kind == ServiceKind.HostPort
                        ? [new SnapshotPort { TargetPort = 18081, PublishedPort = s.PublishedPort }]
                        : [new SnapshotPort { TargetPort = 80, PublishedPort = s.PublishedPort }, new SnapshotPort { TargetPort = 443, PublishedPort = s.PublishedPort + 20_000 }],
                    Nodes = cluster.Tasks.Where(t => t.Service == s && t is { DesiredState: "running", State: "running" } && ready.ContainsKey(t.NodeId))
                        .Select(t => t.NodeId).Distinct().Order(StringComparer.Ordinal).ToList(),
                    Labels = new SortedDictionary<string, string>(
                        s.Kind == ServiceKind.HostPort
                            ? new Dictionary<string, string>
                            {
                                ["com.example.team"] = "team-" + (s.PublishedPort % 17).ToString(System.Globalization.CultureInfo.InvariantCulture),
                                ["dupstream.upstream.prefix"] = "least_conn;",
                                ["mono.upstream.mode"] = "least_conn",
                            }
                            : [],
                        StringComparer.Ordinal),
                }).ToList(),
        };
    }

    [Fact]
    public async Task Lean_readers_and_full_models_give_the_same_records()
    {
        var ct = CancellationToken.None;

        Assert.Equal(await models.ListNodesAsync(ct), await lean.ListNodesAsync(ct));
        Assert.Equal(await models.ListRunningTasksAsync(ct), await lean.ListRunningTasksAsync(ct));
        var modelServices = await models.ListServicesAsync(ct);
        var leanServices = await lean.ListServicesAsync(ct);
        Assert.Equal(150, leanServices.Count);
        Assert.Equal(
            modelServices.Select(s => (s.Id, s.Name, string.Join(",", s.Ports), string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)))),
            leanServices.Select(s => (s.Id, s.Name, string.Join(",", s.Ports), string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)))));
    }

    [Fact]
    public async Task The_snapshot_is_the_one_the_cluster_implies()
    {
        var snapshot = await ReadAsync();

        Assert.Equal(12, snapshot.Nodes.Count);
        Assert.Equal(135, snapshot.Services.Count);
        Assert.Equal(SnapshotJson.Serialize(Expected()), SnapshotJson.Serialize(snapshot));
        Assert.Equal(SnapshotJson.Serialize(snapshot), SnapshotJson.Serialize(await ReadAsync(viaModels: true)));
    }

    [Fact]
    public async Task After_a_drain_and_a_scale_the_snapshot_follows()
    {
        var before = CanonicalSnapshot.From(await ReadAsync());
        var drained = engine.Cluster.Nodes[3];
        var scaled = engine.Cluster.Services.First(s => s.Kind == ServiceKind.Ingress);

        engine.Cluster.Drain(drained.Hostname);
        engine.Cluster.Scale(scaled.Name, 1);
        var after = await ReadAsync();

        Assert.False(before.SameContentAs(CanonicalSnapshot.From(after)));
        Assert.DoesNotContain(after.Nodes, n => n.Id == drained.Id);
        Assert.All(after.Services, s => Assert.DoesNotContain(drained.Id, s.Nodes));
        Assert.Single(after.Services.Single(s => s.Name == scaled.Name).Nodes);
        Assert.Equal(SnapshotJson.Serialize(Expected()), SnapshotJson.Serialize(after));
    }

    [Fact]
    public async Task The_event_stream_reports_a_change_through_the_library()
    {
        await using var stream = await lean.SubscribeAsync(DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None);
        var removed = engine.Cluster.Services[5];

        engine.Cluster.Remove(removed.Name);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await stream.ReadAsync(deadline.Token);

        Assert.Equal(new EngineEvent("service", "remove", removed.Id, received!.TimeNano), received);
        Assert.True(received.TimeNano > 0);
    }

    [Fact]
    public async Task Reading_only_what_changed_ends_where_a_full_listing_of_the_changed_cluster_starts()
    {
        var ct = CancellationToken.None;
        var reader = new Dupstream.Watching.SwarmReader(lean);
        await reader.ReadFullAsync(ct);
        var cluster = engine.Engine.Cluster;
        var (scaled, updated, removed) = (cluster.Services[3], cluster.Services[5], cluster.Services[8]);
        var drained = cluster.Nodes[4];

        var changes = new Dupstream.Watching.ChangeSet();
        var created = cluster.Create("createdlater", 4);
        cluster.Scale(scaled.Name, scaled.Replicas + 3);
        cluster.ForceUpdate(updated.Name);
        cluster.Remove(removed.Name);
        cluster.Drain(drained.Hostname);
        foreach (var (type, id) in new[] { ("service", created.Id), ("service", scaled.Id), ("service", updated.Id), ("service", removed.Id), ("node", drained.Id) })
        {
            changes.Add(new EngineEvent(type, "update", id, 1));
        }

        Assert.True(reader.CanReadChanges(changes));
        var patched = await reader.ReadChangesAsync(changes, ct);

        Assert.Equal(SnapshotJson.Serialize(Expected()), SnapshotJson.Serialize(patched));
        Assert.Equal(SnapshotJson.Serialize(await ReadAsync()), SnapshotJson.Serialize(patched));
    }

    [Fact]
    public async Task Changes_read_one_at_a_time_each_end_where_a_full_listing_starts()
    {
        // The scale benchmark's soak: drain a node, make it active again, drain another, each a change of its own
        // (its own event, read on its own), with scaling, creation and removal in between.
        var ct = CancellationToken.None;
        var reader = new Dupstream.Watching.SwarmReader(lean);
        await reader.ReadFullAsync(ct);
        var cluster = engine.Engine.Cluster;
        var (first, second) = (cluster.Nodes[2], cluster.Nodes[6]);
        var (scaled, removed) = (cluster.Services[4], cluster.Services[9]);
        SyntheticService? created = null;
        var steps = new (string What, Func<(string Type, string Id)> Change)[]
        {
            ("drain a node", () => { cluster.Drain(first.Hostname); return ("node", first.Id); }),
            ("make it active again", () => { cluster.Activate(first.Hostname); return ("node", first.Id); }),
            ("drain another node", () => { cluster.Drain(second.Hostname); return ("node", second.Id); }),
            ("scale a service up", () => { cluster.Scale(scaled.Name, scaled.Replicas + 4); return ("service", scaled.Id); }),
            ("make the other node active again", () => { cluster.Activate(second.Hostname); return ("node", second.Id); }),
            ("create a service", () => { created = cluster.Create("createdlater", 3); return ("service", created.Id); }),
            ("drain the first node again", () => { cluster.Drain(first.Hostname); return ("node", first.Id); }),
            ("remove a service", () => { cluster.Remove(removed.Name); return ("service", removed.Id); }),
            ("scale a service down", () => { cluster.Scale(scaled.Name, 1); return ("service", scaled.Id); }),
        };

        // As the refresh loop decides: the canonical form made from the last one, and "changed?" from that.
        var last = CanonicalSnapshot.From(await reader.ReadTasksAsync(ct));
        var listedBefore = SnapshotJson.Serialize(await ReadAsync());
        foreach (var (what, change) in steps)
        {
            var (type, id) = change();
            var changes = new Dupstream.Watching.ChangeSet();
            changes.Add(new EngineEvent(type, "update", id, 1));
            Assert.True(reader.CanReadChanges(changes), what);

            var previous = last;
            last = CanonicalSnapshot.From(await reader.ReadChangesAsync(changes, ct), previous);

            var listed = SnapshotJson.Serialize(await ReadAsync());
            Assert.True(listed.AsSpan().SequenceEqual(last.Bytes.Span), $"after '{what}' the read differs from a full listing");
            Assert.True(listed.AsSpan().SequenceEqual(SnapshotJson.Serialize(last.Snapshot)), $"after '{what}' the bytes are not those of the snapshot");
            Assert.Equal(!listed.AsSpan().SequenceEqual(listedBefore), !last.SameContentAs(previous));
            Assert.Equal(SnapshotJson.Serialize(Expected()), listed);
            listedBefore = listed;
        }
    }
}

using Dupstream.Docker;
using Dupstream.Tests.Support;
using Dupstream.Watching;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Watching;

public class SwarmReaderTests
{
    private static ChangeSet Changes(params (string Type, string Id)[] events)
    {
        var changes = new ChangeSet();
        foreach (var (type, id) in events)
        {
            changes.Add(new EngineEvent(type, "update", id, 1));
        }

        return changes;
    }

    [Fact]
    public async Task A_node_change_touching_many_services_asks_about_them_in_parts_and_builds_the_full_listings_snapshot()
    {
        var engine = new FakeEngine
        {
            Nodes = [Node("n1", "host1"), Node("n2", "host2", addr: "10.0.0.2")],
            Services = [.. Enumerable.Range(0, 250).Select(i => Service($"s{i}", $"svc{i:000}", Port(20000 + i, 80)))],
            Tasks = [.. Enumerable.Range(0, 250).Select(i => Task($"t{i}", $"s{i}", "n1"))],
        };
        var reader = new SwarmReader(engine);
        await reader.ReadFullAsync(CancellationToken.None);

        engine.Nodes = [Node("n1", "host1", availability: "drain"), Node("n2", "host2", addr: "10.0.0.2")];
        engine.Tasks = [.. Enumerable.Range(0, 250).Select(i => Task($"u{i}", $"s{i}", "n2"))];
        var patched = await reader.ReadChangesAsync(Changes(("node", "n1")), CancellationToken.None);

        var serviceRequests = engine.FilteredRequests.Where(r => r.StartsWith("services:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, serviceRequests.Count);
        Assert.All(engine.FilteredRequests, r => Assert.True(r.Split(':')[1].Split(',').Length <= SwarmReader.IdsPerRequest, r));
        var full = await new SwarmReader(engine).ReadFullAsync(CancellationToken.None);
        Assert.Equal(Dupstream.Snapshots.CanonicalSnapshot.From(full).Bytes.ToArray(), Dupstream.Snapshots.CanonicalSnapshot.From(patched).Bytes.ToArray());
        Assert.All(patched.Services, service => Assert.Equal(["n2"], service.Nodes));
    }

    [Fact]
    public async Task A_failed_part_leaves_what_is_known_unchanged()
    {
        var engine = new FakeEngine
        {
            Nodes = [Node("n1", "host1")],
            Services = [Service("s1", "web", Port(8080, 80))],
            Tasks = [Task("t1", "s1", "n1")],
        };
        var reader = new SwarmReader(engine);
        var before = await reader.ReadFullAsync(CancellationToken.None);

        engine.Services = [Service("s1", "web", Port(8081, 80))];
        engine.TaskFailure = new HttpRequestException("broke halfway");
        await Assert.ThrowsAsync<HttpRequestException>(() => reader.ReadChangesAsync(Changes(("service", "s1")), CancellationToken.None));
        engine.TaskFailure = null;
        engine.Services = [Service("s1", "web", Port(8080, 80))];

        var after = await reader.ReadServiceTasksAsync(["s1"], CancellationToken.None);
        Assert.Equal(Dupstream.Snapshots.CanonicalSnapshot.From(before).Bytes.ToArray(), Dupstream.Snapshots.CanonicalSnapshot.From(after).Bytes.ToArray());
    }
}

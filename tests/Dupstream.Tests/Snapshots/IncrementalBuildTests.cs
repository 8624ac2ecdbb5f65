using CsCheck;
using Dupstream.Contracts;
using Dupstream.Docker;
using Dupstream.Snapshots;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Snapshots;

/// <summary>
/// SwarmState rebuilds only the services a patch touched, and CanonicalSnapshot copies the bytes of the entries it
/// shares with the previous snapshot: whatever the sequence of patches, both must end exactly where building and
/// serialising everything from scratch ends.
/// </summary>
public class IncrementalBuildTests
{
    private static readonly string[] NodeIds = ["n1", "n2", "n3"];
    private static readonly string[] ServiceIds = ["s0", "s1", "s2", "s3", "s4"];

    // One step of what the refresh loop does to the state, with the data a listing would bring.
    private sealed record Step(int Kind, string[] Ids, int Seed);

    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Int[0, 5],
        Gen.Int[0, 4].Array[1, 3].Select(indexes => indexes.Distinct().ToArray()),
        Gen.Int[0, 1000],
        (kind, indexes, seed) => new Step(kind, kind is 2 or 4 ? [.. indexes.Where(i => i < NodeIds.Length).Select(i => NodeIds[i]).DefaultIfEmpty("n1")] : [.. indexes.Select(i => ServiceIds[i])], seed));

    [Fact]
    public void Any_sequence_of_patches_builds_and_serialises_what_a_fresh_build_of_the_final_cluster_does()
    {
        Steps.Array[1, 12].Sample(steps =>
        {
            var incremental = new SwarmState();
            var cluster = Cluster(0);
            incremental.Replace(cluster.Nodes, cluster.Services, cluster.Tasks);
            var canonical = CanonicalSnapshot.From(incremental.Build());
            foreach (var step in steps)
            {
                var now = Cluster(step.Seed);
                Apply(incremental, step, now);
                canonical = CanonicalSnapshot.From(incremental.Build(), canonical);
                cluster = Merge(cluster, step, now);
            }

            var expected = SnapshotJson.Serialize(SnapshotBuilder.Build(cluster.Nodes, cluster.Services, cluster.Tasks));
            return canonical.Bytes.Span.SequenceEqual(expected);
        });
    }

    [Fact]
    public void An_entry_no_patch_touched_is_the_same_instance_in_the_next_snapshot()
    {
        var state = new SwarmState();
        state.Replace(
            [Node("n1", "host1"), Node("n2", "host2", addr: "10.0.0.2")],
            [Service("s0", "web", Port(8080, 80)), Service("s1", "api", Port(9090, 90))],
            [Task("t1", "s0", "n1"), Task("t2", "s1", "n1")]);
        var before = state.Build();

        state.PatchServiceTasks(["s1"], [Task("t3", "s1", "n2")]);
        var after = state.Build();

        Assert.Same(before.Services.Single(s => s.Name == "web"), after.Services.Single(s => s.Name == "web"));
        Assert.NotSame(before.Services.Single(s => s.Name == "api"), after.Services.Single(s => s.Name == "api"));
        Assert.Equal(["n2"], after.Services.Single(s => s.Name == "api").Nodes);
    }

    [Fact]
    public void Reused_entry_bytes_equal_the_serialiser_s_for_any_snapshot()
    {
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1000]).Sample((first, second) =>
        {
            var a = Cluster(first);
            var b = Cluster(second);
            var state = new SwarmState();
            state.Replace(a.Nodes, a.Services, a.Tasks);
            var previous = CanonicalSnapshot.From(state.Build());
            state.PatchServices(["s2"], b.Services.Where(s => s.Id == "s2"));
            state.PatchServiceTasks(["s2"], b.Tasks.Where(t => t.ServiceId == "s2"));
            var next = state.Build();
            return previous.Bytes.Span.SequenceEqual(SnapshotJson.Serialize(previous.Snapshot))
                && CanonicalSnapshot.From(next, previous).Bytes.Span.SequenceEqual(SnapshotJson.Serialize(next));
        });
    }

    private static void Apply(SwarmState state, Step step, ClusterData now)
    {
        switch (step.Kind)
        {
            case 0:
                state.PatchServices(step.Ids, now.Services);
                state.PatchServiceTasks(step.Ids, now.Tasks);
                break;
            case 1:
                state.PatchServiceTasks(step.Ids, now.Tasks);
                break;
            case 2:
                state.PatchNodes(step.Ids, now.Nodes);
                state.PatchNodeTasks(step.Ids, now.Tasks);
                break;
            case 3:
                state.ReplaceTasks(now.Tasks);
                break;
            case 4:
                state.PatchNodeTasks(step.Ids, now.Tasks);
                break;
            default:
                state.Replace(now.Nodes, now.Services, now.Tasks);
                break;
        }
    }

    // What the cluster is after the step, as the listings behind it would show it.
    private static ClusterData Merge(ClusterData was, Step step, ClusterData now) => step.Kind switch
    {
        0 => was with
        {
            Services = [.. was.Services.Where(s => !step.Ids.Contains(s.Id)), .. now.Services.Where(s => step.Ids.Contains(s.Id))],
            Tasks = [.. was.Tasks.Where(t => !step.Ids.Contains(t.ServiceId)), .. now.Tasks.Where(t => step.Ids.Contains(t.ServiceId))],
        },
        1 => was with
        {
            Tasks = [.. was.Tasks.Where(t => !step.Ids.Contains(t.ServiceId)), .. now.Tasks.Where(t => step.Ids.Contains(t.ServiceId))],
        },
        2 => was with
        {
            Nodes = [.. was.Nodes.Where(n => !step.Ids.Contains(n.Id)), .. now.Nodes.Where(n => step.Ids.Contains(n.Id))],
            Tasks = [.. was.Tasks.Where(t => !step.Ids.Contains(t.NodeId)), .. now.Tasks.Where(t => step.Ids.Contains(t.NodeId))],
        },
        3 => was with { Tasks = now.Tasks },
        4 => was with { Tasks = [.. was.Tasks.Where(t => !step.Ids.Contains(t.NodeId)), .. now.Tasks.Where(t => step.Ids.Contains(t.NodeId))] },
        _ => now,
    };

    // A small cluster that differs with the seed: nodes up or down, services with or without ports and labels, tasks anywhere.
    private static ClusterData Cluster(int seed)
    {
        var random = new Random(seed);
        var nodes = NodeIds.Where(_ => random.Next(4) > 0)
            .Select(id => Node(id, "host-" + id, state: random.Next(5) == 0 ? "down" : "ready", addr: $"10.0.0.{random.Next(1, 4)}"))
            .ToArray();
        var services = ServiceIds.Where(_ => random.Next(4) > 0)
            .Select(id => random.Next(4) == 0
                ? Service(id, "svc" + id[1..])
                : Service(id, random.Next(6) == 0 ? "same" : "svc" + id[1..], new Dictionary<string, string> { ["k"] = random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture) }, Port(8000 + random.Next(3), 80)))
            .ToArray();
        var tasks = Enumerable.Range(0, random.Next(0, 10))
            .Select(i => Task($"t{seed}-{i}", ServiceIds[random.Next(ServiceIds.Length)], NodeIds[random.Next(NodeIds.Length)], state: random.Next(6) == 0 ? "starting" : "running"))
            .ToArray();
        return new ClusterData(nodes, services, tasks);
    }

    private sealed record ClusterData(EngineNode[] Nodes, EngineService[] Services, EngineTask[] Tasks);
}

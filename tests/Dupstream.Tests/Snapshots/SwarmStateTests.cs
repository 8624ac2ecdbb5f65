using CsCheck;
using Dupstream.Docker;
using Dupstream.Snapshots;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Snapshots;

public class SwarmStateTests
{
    private static SwarmState Cluster()
    {
        var state = new SwarmState();
        state.Replace(
            [Node("n1", "host1"), Node("n2", "host2", addr: "10.0.0.2")],
            [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9090, 90))],
            [Task("t1", "s1", "n1"), Task("t2", "s1", "n2"), Task("t3", "s2", "n2")]);
        return state;
    }

    private static string[] NodesOf(SwarmState state, string service) =>
        [.. state.Build().Services.Single(entry => entry.Name == service).Nodes];

    [Fact]
    public void A_patched_state_builds_the_same_snapshot_as_a_full_listing_of_the_same_cluster()
    {
        var patched = Cluster();
        patched.PatchServices(["s2", "s3"], [Service("s2", "api", Port(9091, 90)), Service("s3", "db", Port(5432, 5432))]);
        patched.PatchServiceTasks(["s2", "s3"], [Task("t4", "s2", "n1"), Task("t5", "s3", "n2")]);

        var full = new SwarmState();
        full.Replace(
            [Node("n1", "host1"), Node("n2", "host2", addr: "10.0.0.2")],
            [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9091, 90)), Service("s3", "db", Port(5432, 5432))],
            [Task("t1", "s1", "n1"), Task("t2", "s1", "n2"), Task("t4", "s2", "n1"), Task("t5", "s3", "n2")]);

        Assert.Equal(CanonicalSnapshot.From(full.Build()).Bytes.ToArray(), CanonicalSnapshot.From(patched.Build()).Bytes.ToArray());
    }

    [Fact]
    public void A_service_asked_about_and_not_listed_is_gone_with_its_tasks()
    {
        var state = Cluster();

        state.PatchServices(["s2"], []);
        state.PatchServiceTasks(["s2"], []);

        Assert.Equal(["web"], state.Build().Services.Select(service => service.Name));
        Assert.False(state.HasService("s2"));
        Assert.Empty(state.TasksOf(["s2"]));
    }

    [Fact]
    public void Listed_objects_that_were_not_asked_about_are_ignored()
    {
        var state = Cluster();

        // The engine matches IDs by prefix; a longer ID that happens to start with the one asked for is not it.
        state.PatchServices(["s1"], [Service("s1", "web", Port(8080, 80)), Service("s1x", "other", Port(1, 1))]);
        state.PatchServiceTasks(["s1"], [Task("t1", "s1", "n1"), Task("t9", "s2", "n1")]);

        Assert.False(state.HasService("s1x"));
        Assert.Equal(["n2"], NodesOf(state, "api"));
        Assert.Equal(["n1"], NodesOf(state, "web"));
    }

    [Fact]
    public void A_node_patch_replaces_the_tasks_on_that_node_only()
    {
        var state = Cluster();

        state.PatchNodes(["n2"], [Node("n2", "host2", addr: "10.0.0.2")]);
        state.PatchNodeTasks(["n2"], [Task("t3", "s2", "n2")]);

        // t2 (web on n2) was not listed on n2 any more; t1 (web on n1) is untouched.
        Assert.Equal(["n1"], NodesOf(state, "web"));
        Assert.Equal(["n2"], NodesOf(state, "api"));
        Assert.Equal(["s2"], state.ServicesOnNodes(["n2"]));
        Assert.Equal(["s1"], state.ServicesOnNodes(["n1"]));
    }

    [Fact]
    public void A_node_asked_about_and_not_listed_is_gone_and_so_are_its_tasks_from_the_snapshot()
    {
        var state = Cluster();

        state.PatchNodes(["n2"], []);

        Assert.False(state.HasNode("n2"));
        Assert.Equal(["n1"], state.Build().Nodes.Select(node => node.Id));
        Assert.Equal(["n1"], NodesOf(state, "web"));
        Assert.Empty(NodesOf(state, "api"));
    }

    [Fact]
    public void Replacing_all_tasks_keeps_nodes_and_services()
    {
        var state = Cluster();

        state.ReplaceTasks([Task("t7", "s2", "n1")]);

        Assert.Empty(NodesOf(state, "web"));
        Assert.Equal(["n1"], NodesOf(state, "api"));
        Assert.Equal(2, state.ServiceCount);
    }

    [Fact]
    public void Patching_in_any_order_gives_the_snapshot_of_the_final_cluster()
    {
        // CsCheck: random tasks of random services; patching each service with its final tasks, in any order,
        // ends where a full listing of the final cluster starts.
        Gen.Select(
                Gen.Int[0, 3].Array[0, 12],
                Gen.Int[0, 3].Array[0, 12],
                Gen.Shuffle(new[] { 0, 1, 2, 3 }))
            .Sample((before, after, order) =>
            {
                var nodes = new[] { Node("n1", "host1"), Node("n2", "host2", addr: "10.0.0.2") };
                var services = Enumerable.Range(0, 4).Select(i => Service($"s{i}", $"svc{i}", Port(8000 + i, 80))).ToArray();
                EngineTask[] Tasks(int[] owners, string prefix) =>
                    [.. owners.Select((owner, i) => Task($"{prefix}{i}", $"s{owner}", i % 2 == 0 ? "n1" : "n2"))];

                var patched = new SwarmState();
                patched.Replace(nodes, services, Tasks(before, "a"));
                var finalTasks = Tasks(after, "b");
                foreach (var index in order)
                {
                    var id = $"s{index}";
                    patched.PatchServiceTasks([id], finalTasks.Where(task => task.ServiceId == id));
                }

                var full = new SwarmState();
                full.Replace(nodes, services, finalTasks);
                return CanonicalSnapshot.From(full.Build()).Bytes.Span.SequenceEqual(CanonicalSnapshot.From(patched.Build()).Bytes.Span);
            });
    }
}

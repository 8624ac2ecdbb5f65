using System.Text;
using Dupstream.Contracts;
using Dupstream.Docker;
using Dupstream.Snapshots;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Snapshots;

public class SnapshotBuilderTests
{
    public static TheoryData<string, string, bool> NodeStates()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var state in new[] { "unknown", "down", "ready", "disconnected" })
        {
            foreach (var availability in new[] { "active", "pause", "drain" })
            {
                data.Add(state, availability, state == "ready" && availability == "active");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NodeStates))]
    public void A_node_is_listed_only_when_ready_and_active(string state, string availability, bool listed)
    {
        var snapshot = SnapshotBuilder.Build(
            [Node("n1", "host1", state, availability, "10.0.0.1")],
            [Service("s1", "web", Port(8080, 80))],
            [Task("t1", "s1", "n1")]);

        Assert.Equal(listed ? ["n1"] : [], snapshot.Nodes.Select(node => node.Id));
        Assert.Equal(listed ? ["n1"] : [], snapshot.Services.Single().Nodes);
    }

    [Fact]
    public void A_node_carries_id_hostname_address_state_and_availability()
    {
        var snapshot = SnapshotBuilder.Build([Node("n1", "host1", addr: "10.0.0.7")], [], []);

        var node = Assert.Single(snapshot.Nodes);
        Assert.Equal(new SnapshotNode { Id = "n1", Name = "host1", Ip = "10.0.0.7", State = "ready", Availability = "active" }, node);
    }

    [Theory]
    [InlineData("running", "running", true)]
    [InlineData("shutdown", "running", false)]
    [InlineData("running", "starting", false)]
    [InlineData("running", "preparing", false)]
    [InlineData("running", "failed", false)]
    [InlineData("shutdown", "shutdown", false)]
    [InlineData("remove", "running", false)]
    public void A_task_counts_only_when_meant_to_run_and_running(string desired, string state, bool counts)
    {
        var snapshot = SnapshotBuilder.Build(
            [Node("n1", "host1")],
            [Service("s1", "web", Port(8080, 80))],
            [Task("t1", "s1", "n1", desired, state)]);

        Assert.Equal(counts ? ["n1"] : [], snapshot.Services.Single().Nodes);
    }

    [Fact]
    public void Tasks_on_nodes_that_are_not_listed_are_ignored()
    {
        var snapshot = SnapshotBuilder.Build(
            [Node("n1", "host1"), Node("n2", "host2", state: "down")],
            [Service("s1", "web", Port(8080, 80))],
            [Task("t1", "s1", "n2"), Task("t2", "s1", "gone"), Task("t3", "s1", "n1")]);

        Assert.Equal(["n1"], snapshot.Services.Single().Nodes);
    }

    [Fact]
    public void Services_without_published_ports_are_left_out()
    {
        var snapshot = SnapshotBuilder.Build(
            [Node("n1", "host1")],
            [Service("s1", "worker"), Service("s2", "zero", Port(0, 80)), Service("s3", "web", Port(8080, 80))],
            [Task("t1", "s1", "n1"), Task("t2", "s2", "n1"), Task("t3", "s3", "n1")]);

        Assert.Equal(["web"], snapshot.Services.Select(service => service.Name));
    }

    [Fact]
    public void Ports_keep_their_declared_order_and_skip_unpublished_ones()
    {
        var snapshot = SnapshotBuilder.Build(
            [],
            [Service("s1", "web", Port(9443, 443), Port(0, 9000), Port(9080, 80, mode: "host"))],
            []);

        Assert.Equal(
            [new SnapshotPort { TargetPort = 443, PublishedPort = 9443 }, new SnapshotPort { TargetPort = 80, PublishedPort = 9080 }],
            snapshot.Services.Single().Ports);
    }

    [Fact]
    public void A_service_with_no_running_task_is_listed_with_no_nodes()
    {
        var snapshot = SnapshotBuilder.Build([Node("n1", "host1")], [Service("s1", "web", Port(8080, 80))], []);

        Assert.Empty(Assert.Single(snapshot.Services).Nodes);
    }

    [Fact]
    public void Labels_are_copied_and_sorted_by_key_and_empty_when_none()
    {
        var labels = new Dictionary<string, string> { ["zeta"] = "1", ["Alpha"] = "2", ["alpha"] = "3", ["mono.upstream.mode"] = "least_conn" };
        var snapshot = SnapshotBuilder.Build([], [Service("s1", "a", labels, Port(1, 1)), Service("s2", "b", Port(2, 2))], []);

        Assert.Equal(["Alpha", "alpha", "mono.upstream.mode", "zeta"], snapshot.Services[0].Labels.Keys);
        Assert.Equal("least_conn", snapshot.Services[0].Labels["mono.upstream.mode"]);
        Assert.Empty(snapshot.Services[1].Labels);
        Assert.Contains("\"Labels\":{}", Encoding.UTF8.GetString(SnapshotJson.Serialize(snapshot)), StringComparison.Ordinal);
    }

    [Fact]
    public void Node_ids_of_a_service_are_distinct_and_sorted()
    {
        var snapshot = SnapshotBuilder.Build(
            [Node("nb", "b"), Node("na", "a"), Node("nc", "c")],
            [Service("s1", "web", Port(8080, 80))],
            [Task("t1", "s1", "nc"), Task("t2", "s1", "na"), Task("t3", "s1", "nc"), Task("t4", "s1", "nb")]);

        Assert.Equal(["na", "nb", "nc"], snapshot.Services.Single().Nodes);
    }

    [Fact]
    public void Services_sort_by_name_and_nodes_by_name_then_id()
    {
        var snapshot = SnapshotBuilder.Build(
            [Node("n3", "beta"), Node("n2", "alpha"), Node("n1", "beta"), Node("n0", "Zulu")],
            [Service("s1", "web", Port(1, 1)), Service("s2", "Api", Port(2, 2)), Service("s3", "api", Port(3, 3))],
            []);

        Assert.Equal(["n0", "n2", "n1", "n3"], snapshot.Nodes.Select(node => node.Id));
        Assert.Equal(["Api", "api", "web"], snapshot.Services.Select(service => service.Name));
    }

    [Fact]
    public void A_node_listed_twice_appears_once_whatever_the_order()
    {
        EngineNode[] nodes = [Node("n1", "host1", addr: "10.0.0.1"), Node("n1", "host1", addr: "10.0.0.2")];

        var forward = SnapshotBuilder.Build(nodes, [], []);
        var backward = SnapshotBuilder.Build(nodes.Reverse(), [], []);

        Assert.Single(forward.Nodes);
        Assert.Equal(SnapshotJson.Serialize(forward), SnapshotJson.Serialize(backward));
    }

    [Fact]
    public void A_service_listed_twice_appears_once()
    {
        var snapshot = SnapshotBuilder.Build([], [Service("s1", "web", Port(1, 1)), Service("s1", "web", Port(1, 1))], []);

        Assert.Single(snapshot.Services);
    }

    [Fact]
    public void A_manager_reporting_0_0_0_0_is_listed_at_its_manager_address()
    {
        var snapshot = SnapshotBuilder.Build(
            [Node("n1", "manager", addr: "0.0.0.0", managerAddr: "10.231.0.1:2377"), Node("n2", "worker", addr: "10.231.0.2")],
            [],
            []);

        Assert.Equal(["10.231.0.1", "10.231.0.2"], snapshot.Nodes.Select(node => node.Ip));
    }

    [Fact]
    public void The_same_cluster_listed_in_any_order_gives_identical_bytes()
    {
        EngineNode[] nodes = [Node("n1", "a", addr: "10.0.0.1"), Node("n2", "b", addr: "10.0.0.2"), Node("n3", "c", "down")];
        EngineService[] services =
        [
            Service("s1", "web", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, Port(8080, 80)),
            Service("s2", "api", Port(9090, 90), Port(9091, 91)),
        ];
        EngineTask[] tasks = [Task("t1", "s1", "n2"), Task("t2", "s1", "n1"), Task("t3", "s2", "n1"), Task("t4", "s2", "n3")];

        var first = SnapshotJson.Serialize(SnapshotBuilder.Build(nodes, services, tasks));
        var second = SnapshotJson.Serialize(SnapshotBuilder.Build(nodes.Reverse(), services.Reverse(), tasks.Reverse()));

        Assert.Equal(first, second);
        Assert.Equal(
            """{"nodes":[{"Id":"n1","Name":"a","Ip":"10.0.0.1","State":"ready","Availability":"active"},{"Id":"n2","Name":"b","Ip":"10.0.0.2","State":"ready","Availability":"active"}],"services":[{"Name":"api","Ports":[{"TargetPort":90,"PublishedPort":9090},{"TargetPort":91,"PublishedPort":9091}],"Nodes":["n1"],"Labels":{}},{"Name":"web","Ports":[{"TargetPort":80,"PublishedPort":8080}],"Nodes":["n1","n2"],"Labels":{"a":"1","b":"2"}}]}""",
            Encoding.UTF8.GetString(first));
    }

    [Fact]
    public void An_empty_cluster_gives_empty_lists()
    {
        var snapshot = SnapshotBuilder.Build([], [], []);

        Assert.Equal("""{"nodes":[],"services":[]}""", Encoding.UTF8.GetString(SnapshotJson.Serialize(snapshot)));
    }
}

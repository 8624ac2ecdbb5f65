using Docker.DotNet.Models;
using Dupstream.Contracts;
using Dupstream.Docker;
using Dupstream.Snapshots;

namespace Dupstream.Tests.Docker;

/// <summary>
/// Real engine JSON (recorded from a two-node Docker 20.10 swarm, see Recordings/README.md) through the library's
/// models, our mapping and the snapshot builder. IDs change with every recording, so the assertions use hostnames.
/// </summary>
public class RecordedEngineTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Docker", "Recordings");

    private static (List<EngineNode> Nodes, List<EngineService> Services, List<EngineTask> AllTasks, List<EngineTask> RunningTasks) Load(string scenario)
    {
        var folder = Path.Combine(Root, scenario);
        return (
            LibraryJson.Deserialize<NodeListResponse[]>(Path.Combine(folder, "nodes.json")).Select(EngineModelMapper.ToNode).ToList(),
            LibraryJson.Deserialize<SwarmService[]>(Path.Combine(folder, "services.json")).Select(EngineModelMapper.ToService).ToList(),
            LibraryJson.Deserialize<TaskResponse[]>(Path.Combine(folder, "tasks.json")).Select(EngineModelMapper.ToTask).ToList(),
            LibraryJson.Deserialize<TaskResponse[]>(Path.Combine(folder, "tasks-desired-running.json")).Select(EngineModelMapper.ToTask).ToList());
    }

    /// <summary>One line per node and service, node IDs replaced by hostnames (sorted), so the text survives re-recording.</summary>
    private static List<string> Describe(SwarmSnapshot snapshot)
    {
        var names = snapshot.Nodes.ToDictionary(node => node.Id, node => node.Name);
        return
        [
            .. snapshot.Nodes.Select(node => $"node {node.Name} {node.Ip} {node.State} {node.Availability}"),
            .. snapshot.Services.Select(service =>
                $"service {service.Name} ports [{string.Join(", ", service.Ports.Select(port => $"{port.PublishedPort}->{port.TargetPort}"))}]"
                + $" on [{string.Join(", ", service.Nodes.Select(id => names[id]).Order(StringComparer.Ordinal))}]"
                + $" labels {{{string.Join(", ", service.Labels.Select(label => $"{label.Key}={label.Value}"))}}}"),
        ];
    }

    private static void AssertBuildsTo(string scenario, string[] expected)
    {
        var (nodes, services, allTasks, runningTasks) = Load(scenario);

        // The watcher asks the engine for desired-state=running tasks; the unfiltered listing must give the same
        // snapshot, because the builder checks the desired state itself.
        var fromFiltered = SnapshotBuilder.Build(nodes, services, runningTasks);
        var fromAll = SnapshotBuilder.Build(nodes, services, allTasks);

        Assert.Equal(expected, Describe(fromFiltered));
        Assert.Equal(SnapshotJson.Serialize(fromFiltered), SnapshotJson.Serialize(fromAll));
        Assert.All(fromFiltered.Services, service => Assert.Equal(service.Nodes.Order(StringComparer.Ordinal), service.Nodes));
    }

    private const string ApiLabels = "labels {com.example.team=payments, dupstream.upstream.prefix=least_conn;, mono.upstream.mode=least_conn}";

    [Fact]
    public void Two_ready_nodes_run_everything()
    {
        AssertBuildsTo("two-node-mixed",
        [
            "node rec-node1 10.231.5.1 ready active",
            "node rec-node2 10.231.5.2 ready active",
            $"service api ports [18081->18081] on [rec-node1, rec-node2] {ApiLabels}",
            "service edge ports [9099->80, 9443->443] on [rec-node1] labels {}",
            "service idle ports [18082->18082] on [] labels {}",
            "service web ports [18080->18080] on [rec-node1, rec-node2] labels {}",
        ]);
    }

    [Fact]
    public void A_drained_node_and_its_stopped_tasks_are_out()
    {
        AssertBuildsTo("drained-node",
        [
            "node rec-node1 10.231.5.1 ready active",
            $"service api ports [18081->18081] on [rec-node1] {ApiLabels}",
            "service edge ports [9099->80, 9443->443] on [rec-node1] labels {}",
            "service idle ports [18082->18082] on [] labels {}",
            "service web ports [18080->18080] on [rec-node1] labels {}",
        ]);
    }

    [Fact]
    public void A_down_node_is_out_even_though_its_tasks_still_report_running()
    {
        var (_, _, allTasks, _) = Load("node-down");
        Assert.Contains(allTasks, task => task.State == "running" && task.DesiredState == "shutdown");

        AssertBuildsTo("node-down",
        [
            "node rec-node1 10.231.5.1 ready active",
            $"service api ports [18081->18081] on [rec-node1] {ApiLabels}",
            "service edge ports [9099->80, 9443->443] on [rec-node1] labels {}",
            "service idle ports [18082->18082] on [] labels {}",
            "service web ports [18080->18080] on [rec-node1] labels {}",
        ]);
    }

    [Fact]
    public void Recorded_nodes_map_every_field_the_snapshot_needs()
    {
        var (nodes, _, _, _) = Load("two-node-mixed");

        var manager = Assert.Single(nodes, node => node.Hostname == "rec-node1");
        Assert.Equal(("ready", "active", "10.231.5.1", "10.231.5.1:2377"), (manager.State, manager.Availability, manager.StatusAddr, manager.ManagerAddr));
        var worker = Assert.Single(nodes, node => node.Hostname == "rec-node2");
        Assert.Null(worker.ManagerAddr);
        Assert.Matches("^[a-z0-9]{25}$", worker.Id);
    }

    [Fact]
    public void Recorded_services_keep_ports_in_declared_order_with_protocol_and_mode()
    {
        var (_, services, _, _) = Load("two-node-mixed");

        var edge = Assert.Single(services, service => service.Name == "edge");
        Assert.Equal([new EnginePort(9099, 80, "tcp", "ingress"), new EnginePort(9443, 443, "tcp", "ingress")], edge.Ports);
        Assert.Equal([new EnginePort(18080, 18080, "tcp", "host")], Assert.Single(services, service => service.Name == "web").Ports);
        Assert.Empty(Assert.Single(services, service => service.Name == "worker").Ports);
    }

    [Fact]
    public void A_pending_task_without_a_node_maps_to_an_empty_node_id()
    {
        var (_, _, _, running) = Load("drained-node");

        var pending = Assert.Single(running, task => task.State == "pending");
        Assert.Equal(("", "running"), (pending.NodeId, pending.DesiredState));
    }

    [Fact]
    public void Recorded_events_are_service_and_node_events_in_time_order()
    {
        var events = File.ReadAllLines(Path.Combine(Root, "events.jsonl"))
            .Where(line => line.Length > 0)
            .Select(line => EngineModelMapper.ToEvent(LibraryJson.DeserializeText<Message>(line)))
            .ToList();

        Assert.Equal(20, events.Count);
        Assert.All(events, engineEvent => Assert.Contains(engineEvent.Type, new[] { "service", "node" }));
        Assert.All(events, engineEvent => Assert.NotEmpty(engineEvent.ActorId));
        Assert.Equal(events.Select(e => e.TimeNano).Order(), events.Select(e => e.TimeNano));
        Assert.Contains(events, engineEvent => engineEvent is { Type: "service", Action: "remove" });
        Assert.Equal(5, events.Count(engineEvent => engineEvent is { Type: "service", Action: "create" }));

        // The resume point survives the trip through our since formatting.
        var last = EventSince.FromTimeNano(events[^1].TimeNano);
        Assert.StartsWith((events[^1].TimeNano / 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".", EventSince.Format(last), StringComparison.Ordinal);
    }
}

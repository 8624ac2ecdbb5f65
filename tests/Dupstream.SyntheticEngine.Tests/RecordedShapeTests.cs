using System.Text.Json.Nodes;
using Dupstream.SyntheticEngine.Cluster;
using Dupstream.SyntheticEngine.Json;

namespace Dupstream.SyntheticEngine.Tests;

/// <summary>
/// Every object the synthetic engine serves has exactly the shape of its recorded real-engine counterpart:
/// the same property paths with the same kinds of values, nothing missing, nothing added.
/// </summary>
public sealed class RecordedShapeTests : IAsyncLifetime
{
    private EngineOnSocket engine = null!;

    public async Task InitializeAsync() => engine = await EngineOnSocket.StartAsync(new ClusterSpec(Nodes: 5, Services: 20, Tasks: 60));

    public async Task DisposeAsync() => await engine.DisposeAsync();

    private static JsonObject Recorded(string file, Func<JsonObject, bool> match) =>
        RecordedTemplates.Recording("two-node-mixed/" + file).OfType<JsonObject>().First(match);

    private static JsonObject RecordedService(string name) => Recorded("services.json", s => (string?)s["Spec"]?["Name"] == name);

    private static JsonObject RecordedTaskOf(string serviceName)
    {
        var id = (string?)RecordedService(serviceName)["ID"];
        return Recorded("tasks.json", t => (string?)t["ServiceID"] == id && (string?)t["Status"]?["State"] == "running");
    }

    private static string RecordedName(ServiceKind kind) => kind switch
    {
        ServiceKind.HostPort => "api",
        ServiceKind.Ingress => "edge",
        _ => "worker",
    };

    private async Task<List<JsonObject>> GetAsync(string path) =>
        JsonNode.Parse(await engine.Http.GetStringAsync(new Uri(path, UriKind.Relative)))!.AsArray().OfType<JsonObject>().ToList();

    [Fact]
    public async Task Nodes_have_the_recorded_leader_and_worker_shapes()
    {
        var nodes = await GetAsync("/v1.41/nodes");

        Assert.Equal(5, nodes.Count);
        var leaderShape = JsonPaths.Of(Recorded("nodes.json", n => n["ManagerStatus"] is not null));
        var workerShape = JsonPaths.Of(Recorded("nodes.json", n => n["ManagerStatus"] is null));
        Assert.Equal(leaderShape, JsonPaths.Of(nodes[0]));
        Assert.All(nodes.Skip(1), node => Assert.Equal(workerShape, JsonPaths.Of(node)));
    }

    [Fact]
    public async Task Services_have_the_shape_of_the_recorded_service_of_their_kind()
    {
        var services = await GetAsync("/services");
        var kinds = engine.Cluster.Services.ToDictionary(s => s.Id, s => s.Kind);

        Assert.Equal(20, services.Count);
        Assert.Equal(3, services.Select(s => kinds[(string)s["ID"]!]).Distinct().Count());
        Assert.All(services, service =>
            Assert.Equal(JsonPaths.Of(RecordedService(RecordedName(kinds[(string)service["ID"]!]))), JsonPaths.Of(service)));
    }

    [Fact]
    public async Task Running_and_stopped_tasks_have_the_recorded_task_shapes()
    {
        var web = engine.Cluster.Services.First(s => s.Kind == ServiceKind.HostPort);
        engine.Cluster.Scale(web.Name, web.Replicas - 1);
        var tasks = await GetAsync("/tasks");
        var kinds = engine.Cluster.Services.ToDictionary(s => s.Id, s => s.Kind);

        Assert.Equal(60, tasks.Count);
        Assert.All(tasks, task =>
            Assert.Equal(JsonPaths.Of(RecordedTaskOf(RecordedName(kinds[(string)task["ServiceID"]!]))), JsonPaths.Of(task)));

        // A task shut down by a scale-down looks like the recorded shut-down task of the drained node.
        var stopped = Assert.Single(tasks, t => (string?)t["DesiredState"] == "shutdown");
        var recordedStopped = RecordedTemplates.Recording("drained-node/tasks.json").OfType<JsonObject>()
            .First(t => (string?)t["DesiredState"] == "shutdown" && t["Slot"] is not null && t["NetworksAttachments"] is not null);
        Assert.Equal(JsonPaths.Of(recordedStopped), JsonPaths.Of(stopped));
        Assert.Equal(("shutdown", 137, 0), ((string?)stopped["Status"]!["State"], (int)stopped["Status"]!["ContainerStatus"]!["ExitCode"]!, (int)stopped["Status"]!["ContainerStatus"]!["PID"]!));
    }

    [Fact]
    public async Task Generated_values_vary_where_the_engines_do()
    {
        var tasks = await GetAsync("/tasks");
        var nodes = await GetAsync("/nodes");

        Assert.Equal(60, tasks.Select(t => (string)t["ID"]!).Distinct().Count());
        Assert.All(tasks, t => Assert.Matches("^[a-z0-9]{25}$", (string)t["ID"]!));
        Assert.Equal(5, tasks.Select(t => (string)t["NodeID"]!).Distinct().Count());
        Assert.Equal(5, nodes.Select(n => (string)n["Status"]!["Addr"]!).Distinct().Count());
        Assert.Equal(60, tasks.Select(t => (string)t["Status"]!["ContainerStatus"]!["ContainerID"]!).Distinct().Count());
    }
}

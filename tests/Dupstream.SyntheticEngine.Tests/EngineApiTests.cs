using System.Net;
using System.Text.Json.Nodes;
using Dupstream.SyntheticEngine.Cluster;

namespace Dupstream.SyntheticEngine.Tests;

/// <summary>The endpoints, filters and errors, over the unix socket, as a client sees them.</summary>
public sealed class EngineApiTests : IAsyncLifetime
{
    private EngineOnSocket engine = null!;

    public async Task InitializeAsync() => engine = await EngineOnSocket.StartAsync(new ClusterSpec(Nodes: 4, Services: 10, Tasks: 25));

    public async Task DisposeAsync() => await engine.DisposeAsync();

    private async Task<JsonArray> ListAsync(string path) =>
        JsonNode.Parse(await engine.Http.GetStringAsync(new Uri(path, UriKind.Relative)))!.AsArray();

    private static string Filters(string json) => "?filters=" + Uri.EscapeDataString(json);

    [Fact]
    public async Task Ping_and_version_answer_like_a_20_10_engine()
    {
        using var ping = await engine.Http.GetAsync(new Uri("/_ping", UriKind.Relative));
        var version = JsonNode.Parse(await engine.Http.GetStringAsync(new Uri("/v1.41/version", UriKind.Relative)))!;

        Assert.Equal("OK", await ping.Content.ReadAsStringAsync());
        Assert.Equal("1.41", ping.Headers.GetValues("Api-Version").Single());
        Assert.Equal(("1.41", "20.10.24+dfsg1"), ((string?)version["ApiVersion"], (string?)version["Version"]));
    }

    [Fact]
    public async Task Listings_are_the_same_with_and_without_the_version_prefix()
    {
        foreach (var path in (string[])["nodes", "services", "tasks"])
        {
            Assert.Equal(await engine.Http.GetStringAsync(new Uri("/" + path, UriKind.Relative)), await engine.Http.GetStringAsync(new Uri("/v1.41/" + path, UriKind.Relative)));
        }

        Assert.Equal((4, 10, 25), ((await ListAsync("/nodes")).Count, (await ListAsync("/services")).Count, (await ListAsync("/tasks")).Count));
    }

    [Fact]
    public async Task The_desired_state_filter_works_in_both_forms_clients_send()
    {
        var service = engine.Cluster.Services[0];
        engine.Cluster.Scale(service.Name, 0);

        var all = await ListAsync("/tasks");
        var asMap = await ListAsync("/tasks" + Filters("""{"desired-state":{"running":true}}"""));
        var asList = await ListAsync("/tasks" + Filters("""{"desired-state":["running"]}"""));
        var stopped = await ListAsync("/tasks" + Filters("""{"desired-state":["shutdown"]}"""));

        Assert.Equal(25, all.Count);
        Assert.Equal(22, asMap.Count);
        Assert.All(asMap, t => Assert.Equal("running", (string?)t!["DesiredState"]));
        Assert.Equal(asMap.ToJsonString(), asList.ToJsonString());
        Assert.Equal(3, stopped.Count);
    }

    [Fact]
    public async Task Tasks_filter_by_service_and_node_by_id_or_name()
    {
        var service = engine.Cluster.Services[1];
        var node = engine.Cluster.Nodes[2];

        var byName = await ListAsync("/tasks" + Filters($$"""{"service":["{{service.Name}}"]}"""));
        var byId = await ListAsync("/tasks" + Filters($$$"""{"service":{"{{{service.Id}}}":true}}"""));
        var onNode = await ListAsync("/tasks" + Filters($$"""{"node":["{{node.Hostname}}"],"desired-state":["running"]}"""));

        Assert.Equal(service.Replicas, byName.Count);
        Assert.Equal(byName.ToJsonString(), byId.ToJsonString());
        Assert.NotEmpty(onNode);
        Assert.All(onNode, t => Assert.Equal(node.Id, (string?)t!["NodeID"]));
    }

    [Fact]
    public async Task Several_values_of_one_filter_are_ored_and_different_filters_anded()
    {
        var (first, second) = (engine.Cluster.Services[1], engine.Cluster.Services[4]);

        var both = await ListAsync("/tasks" + Filters($$"""{"service":["{{first.Id}}","{{second.Name}}"],"desired-state":["running"]}"""));
        var services = await ListAsync("/services" + Filters($$$"""{"id":{"{{{first.Id}}}":true,"{{{second.Id}}}":true}}"""));
        var nodes = await ListAsync("/nodes" + Filters($$"""{"id":["{{engine.Cluster.Nodes[3].Id}}"]}"""));

        Assert.Equal(first.Replicas + second.Replicas, both.Count);
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), services.Select(s => (string)s!["ID"]!).Order(StringComparer.Ordinal));
        Assert.Equal(engine.Cluster.Nodes[3].Id, (string?)nodes.Single()!["ID"]);
    }

    [Fact]
    public async Task A_task_filter_naming_a_service_or_node_that_does_not_exist_is_a_404_for_the_whole_request()
    {
        var service = engine.Cluster.Services[1];
        var removed = engine.Cluster.Services[2];
        engine.Cluster.Remove(removed.Name);

        using var response = await engine.Http.GetAsync(new Uri("/tasks" + Filters($$"""{"service":["{{service.Id}}","{{removed.Id}}"]}"""), UriKind.Relative));
        using var onNode = await engine.Http.GetAsync(new Uri("/tasks" + Filters("""{"node":["nosuchnode"]}"""), UriKind.Relative));
        var services = await ListAsync("/services" + Filters($$"""{"id":["{{removed.Id}}"]}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"service {removed.Id} not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, onNode.StatusCode);
        Assert.Empty(services);
    }

    [Fact]
    public async Task Created_and_force_updated_services_start_their_tasks_after_the_start_delay()
    {
        engine.Cluster.StartDelay = TimeSpan.FromMinutes(10);
        var created = engine.Cluster.Create("brandnew", 3);
        var updated = engine.Cluster.Services[0];
        engine.Cluster.ForceUpdate(updated.Name);

        var createdTasks = await ListAsync("/tasks" + Filters("""{"service":["brandnew"],"desired-state":["running"]}"""));
        var updatedTasks = await ListAsync("/tasks" + Filters($$"""{"service":["{{updated.Id}}"],"desired-state":["running"]}"""));

        Assert.Single(await ListAsync("/services" + Filters($$"""{"id":["{{created.Id}}"]}""")));
        Assert.Equal(3, createdTasks.Count);
        Assert.All(createdTasks, t => Assert.Equal("starting", (string?)t!["Status"]!["State"]));
        Assert.Equal(updated.Replicas, updatedTasks.Count);
        Assert.All(updatedTasks, t => Assert.Equal("starting", (string?)t!["Status"]!["State"]));
        Assert.Equal(2 * updated.Replicas, (await ListAsync("/tasks" + Filters($$"""{"service":["{{updated.Id}}"]}"""))).Count);
    }

    [Theory]
    [InlineData("/services?filters=%7B%22mode%22%3A%5B%22x%22%5D%7D", HttpStatusCode.BadRequest, "Invalid filter 'mode'")]
    [InlineData("/tasks?filters=%7B%22label%22%3A%5B%22x%22%5D%7D", HttpStatusCode.BadRequest, "Invalid filter 'label'")]
    [InlineData("/tasks?filters=notjson", HttpStatusCode.BadRequest, "")]
    [InlineData("/containers/json", HttpStatusCode.NotFound, "page not found")]
    public async Task Bad_requests_get_the_engines_error_shape(string path, HttpStatusCode status, string message)
    {
        using var response = await engine.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draining_a_node_moves_its_tasks_and_stops_the_old_ones()
    {
        var node = engine.Cluster.Nodes[1];
        var before = engine.Cluster.Tasks.Count(t => t.NodeId == node.Id && t.DesiredState == "running");

        engine.Cluster.Drain(node.Hostname);

        var nodes = await ListAsync("/nodes");
        var running = await ListAsync("/tasks" + Filters("""{"desired-state":["running"]}"""));
        Assert.True(before > 0);
        Assert.Equal("drain", (string?)nodes.Single(n => (string?)n!["ID"] == node.Id)!["Spec"]!["Availability"]);
        Assert.Equal(25, running.Count);
        Assert.DoesNotContain(running, t => (string?)t!["NodeID"] == node.Id);
        Assert.Equal(25 + before, (await ListAsync("/tasks")).Count);
    }

    [Fact]
    public async Task Removing_a_service_removes_it_and_its_tasks()
    {
        var service = engine.Cluster.Services[2];

        engine.Cluster.Remove(service.Name);

        Assert.Equal(9, (await ListAsync("/services")).Count);
        Assert.Equal(25 - service.Replicas, (await ListAsync("/tasks")).Count);
    }
}

using Dupstream.Configuration;
using Dupstream.Delivery;
using Dupstream.Targets.Consul;
using Dupstream.Tests.Support;
using static Dupstream.Tests.Targets.Consul.ConsulSwarm;

namespace Dupstream.Tests.Targets.Consul;

/// <summary>The Consul sink against the documented-API double over real HTTP on loopback.</summary>
public sealed class ConsulTargetTests : IAsyncLifetime, IDisposable
{
    private const string Token = "7c1c2f0e-acl-token";
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ListLogger<ConsulTarget> logger = new();
    private FakeConsulServer consul = null!;

    public async Task InitializeAsync() => consul = await FakeConsulServer.StartAsync(Token);

    public async Task DisposeAsync() => await consul.DisposeAsync();

    public void Dispose() => http.Dispose();

    private ConsulTarget Target(string? token = Token, TimeProvider? time = null) =>
        new(new ConsulCatalogClient(new ConsulSettings(consul.BaseAddress, token, token is null ? null : "CONSUL_HTTP_TOKEN", null), http, TimeSpan.FromMinutes(1), time ?? TimeProvider.System), logger);

    private static async Task<DeliveryResult> Succeeds(ConsulTarget target, Dupstream.Snapshots.CanonicalSnapshot snapshot)
    {
        var result = await target.SendAsync(snapshot, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        return result;
    }

    private List<string> WriteBodies() => consul.Writes.Select(write => write.Path + " " + write.Body).ToList();

    [Fact]
    public async Task Creates_external_nodes_and_one_instance_per_service_and_node()
    {
        await Succeeds(Target(), State(ThreeNodes, (Web, ["a", "b"]), (Db, ["c"])));

        Assert.Equal(["a", "b", "c"], consul.Nodes().Select(node => node.Name));
        var a = consul.Node("a")!;
        Assert.Equal("10.231.0.1", a.Address);
        Assert.Equal(new Dictionary<string, string> { ["external-node"] = "true", ["external-probe"] = "false", ["dupstream-managed"] = "true" }, a.Meta);
        Assert.Equal(["a/dupstream-shop-web-8080:8080", "b/dupstream-shop-web-8080:8080", "c/dupstream-shop-db-5432:5432"], consul.Instances());

        var web = a.Services["dupstream-shop-web-8080"];
        Assert.Equal("shop-web", web.Service);
        Assert.Equal(["http", "v1"], web.Tags);
        Assert.Equal("shop", web.Meta["com_docker_stack_namespace"]);
        Assert.Equal("shop_web", web.Meta["dupstream-swarm-service"]);
        Assert.Equal("true", web.Meta["dupstream-managed"]);
        Assert.Equal(string.Empty, web.Address);
    }

    [Fact]
    public async Task Reconciling_an_unchanged_swarm_writes_nothing()
    {
        var target = Target();
        var state = State(ThreeNodes, (Web, ["a", "b"]), (Db, ["c"]));
        await Succeeds(target, state);
        consul.ClearRequests();

        await Succeeds(target, state);

        Assert.Empty(consul.Writes);
        Assert.NotEmpty(consul.Requests);
    }

    [Fact]
    public async Task Scaling_up_and_down_adds_and_removes_only_the_changed_instances()
    {
        var target = Target();
        await Succeeds(target, State(ThreeNodes, (Web, ["a"])));
        consul.ClearRequests();

        await Succeeds(target, State(ThreeNodes, (Web, ["a", "b", "c"])));

        Assert.Equal(["a/dupstream-shop-web-8080:8080", "b/dupstream-shop-web-8080:8080", "c/dupstream-shop-web-8080:8080"], consul.Instances());
        Assert.Equal(2, consul.Writes.Count);
        Assert.All(consul.Writes, write => Assert.Equal("/v1/catalog/register", write.Path));
        consul.ClearRequests();

        await Succeeds(target, State(ThreeNodes, (Web, ["b"])));

        Assert.Equal(["b/dupstream-shop-web-8080:8080"], consul.Instances());
        Assert.Equal(
            ["/v1/catalog/deregister {\"Node\":\"a\",\"ServiceID\":\"dupstream-shop-web-8080\"}", "/v1/catalog/deregister {\"Node\":\"c\",\"ServiceID\":\"dupstream-shop-web-8080\"}"],
            WriteBodies());
        Assert.Equal(["a", "b", "c"], consul.Nodes().Select(node => node.Name));
    }

    [Fact]
    public async Task A_moved_instance_is_registered_on_its_new_node_before_it_leaves_the_old_one()
    {
        var target = Target();
        await Succeeds(target, State(ThreeNodes, (Web, ["a"])));
        consul.ClearRequests();

        await Succeeds(target, State(ThreeNodes, (Web, ["c"])));

        Assert.Equal(["c/dupstream-shop-web-8080:8080"], consul.Instances());
        var writes = consul.Writes;
        Assert.Equal(2, writes.Count);
        Assert.Equal("/v1/catalog/register", writes[0].Path);
        Assert.Contains("\"Node\":\"c\"", writes[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"SkipNodeUpdate\":true", writes[0].Body, StringComparison.Ordinal);
        Assert.Equal("/v1/catalog/deregister {\"Node\":\"a\",\"ServiceID\":\"dupstream-shop-web-8080\"}", writes[1].Path + " " + writes[1].Body);
    }

    [Fact]
    public async Task Removed_services_and_nodes_are_deregistered()
    {
        var target = Target();
        await Succeeds(target, State(ThreeNodes, (Web, ["a", "b"]), (Db, ["c"])));
        consul.ClearRequests();

        await Succeeds(target, State(ThreeNodes.Take(2).ToList(), (Web, ["a"])));

        Assert.Equal(["a", "b"], consul.Nodes().Select(node => node.Name));
        Assert.Equal(["a/dupstream-shop-web-8080:8080"], consul.Instances());
        Assert.Equal(
            ["/v1/catalog/deregister {\"Node\":\"b\",\"ServiceID\":\"dupstream-shop-web-8080\"}", "/v1/catalog/deregister {\"Node\":\"c\"}"],
            WriteBodies());
    }

    [Fact]
    public async Task A_new_watcher_reconciles_against_what_the_catalog_holds_and_writes_only_the_differences()
    {
        // What a previous watcher left: a correct, a stale instance (old port) on b, a node that has left the swarm.
        var first = Target();
        await Succeeds(first, State(ThreeNodes, (Web, ["a", "b"]), (Db, ["c"])));
        var nodeMeta = consul.Node("a")!.Meta;
        var stale = consul.Node("b")!.Services["dupstream-shop-web-8080"] with { Id = "dupstream-shop-web-7070", Port = 7070 };
        consul.Seed("b", "10.231.0.2", nodeMeta, stale);
        consul.Seed("gone", "10.231.0.9", nodeMeta, stale);
        consul.ClearRequests();

        await Succeeds(Target(), State(ThreeNodes, (Web, ["a", "b"]), (Db, ["b"])));

        Assert.Equal(
            [
                "/v1/catalog/register b:dupstream-shop-db-5432",
                "/v1/catalog/deregister {\"Node\":\"b\",\"ServiceID\":\"dupstream-shop-web-7070\"}",
                "/v1/catalog/deregister {\"Node\":\"c\",\"ServiceID\":\"dupstream-shop-db-5432\"}",
                "/v1/catalog/deregister {\"Node\":\"gone\"}",
            ],
            consul.Writes.Select(write => write.Path == "/v1/catalog/register" ? $"{write.Path} {Field(write.Body, "Node")}:{ServiceId(write.Body)}" : write.Path + " " + write.Body));
        Assert.Equal(["a/dupstream-shop-web-8080:8080", "b/dupstream-shop-db-5432:5432", "b/dupstream-shop-web-8080:8080"], consul.Instances());
    }

    [Fact]
    public async Task Entries_dupstream_did_not_create_are_never_touched()
    {
        var sidecar = new FakeConsulService("sidecar", "sidecar", ["x"], 9000, new Dictionary<string, string>());
        var foreignOnOurs = new FakeConsulService("dupstream-shop-web-8080", "someone-else", null, 1, new Dictionary<string, string>());
        consul.Seed("db-host", "10.231.0.50", new Dictionary<string, string> { ["rack"] = "r1" }, new FakeConsulService("postgres", "postgres", null, 5432, new Dictionary<string, string>()));
        consul.Seed("b", "10.231.0.77", null, new FakeConsulService("consul", "consul", null, 8300, new Dictionary<string, string>()));
        var before = consul.Nodes().Where(node => node.Name is "db-host" or "b").ToList();

        var target = Target();
        await Succeeds(target, State(ThreeNodes, (Web, ["a", "b", "c"])));
        // Someone else adds services to nodes dupstream manages: one of their own, one squatting on dupstream's ID.
        consul.Seed("a", "10.231.0.1", null, sidecar);
        consul.Seed("c", "10.231.0.3", null, foreignOnOurs);
        consul.ClearRequests();

        // a leaves the swarm; web stops on c.
        await Succeeds(target, State(ThreeNodes.Skip(1).ToList(), (Web, ["b"])));

        Assert.Equal(before.Select(node => node.Render()), consul.Nodes().Where(node => node.Name is "db-host" or "b").Select(node => node.Render()));
        Assert.Equal([sidecar.Render()], consul.Node("a")!.Services.Values.Select(service => service.Render()));
        Assert.Equal(foreignOnOurs.Render(), consul.Node("c")!.Services["dupstream-shop-web-8080"].Render());
        Assert.DoesNotContain(consul.Writes, write => write.Body.Contains("\"Node\":\"b\"", StringComparison.Ordinal) || write.Body.Contains("db-host", StringComparison.Ordinal));
        Assert.DoesNotContain(consul.Writes, write => write.Body == "{\"Node\":\"a\"}");
        Assert.Contains(logger.Entries, entry => entry.Id.Id == 602 && entry.Message.Contains("Consul already has a node 'b'", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, entry => entry.Id.Id == 602 && entry.Message.Contains("Node 'a' left the swarm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_token_goes_in_X_Consul_Token_on_every_request_and_never_into_the_log()
    {
        await Succeeds(Target(), State(ThreeNodes, (Web, ["a"])));

        Assert.NotEmpty(consul.Requests);
        Assert.All(consul.Requests, request => Assert.Equal(Token, request.Token));
        Assert.DoesNotContain(logger.Entries, entry => entry.Message.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, Target().Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong-token", "ACL not found")]
    [InlineData(null, "Permission denied")]
    public async Task A_refused_token_is_a_failed_delivery_with_consuls_reason(string? token, string reason)
    {
        var result = await Target(token).SendAsync(State(ThreeNodes, (Web, ["a"])), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(403, result.StatusCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(consul.Nodes());
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_the_catalog_converges()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var workerLog = new ListLogger<TargetWorker>();
        var worker = new TargetWorker(Target(time: time), new DeliverySettings(false, false, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3)), time, () => 0.5, workerLog);
        using var stop = new CancellationTokenSource();
        consul.FailNext(3);
        var running = worker.RunAsync(stop.Token);

        worker.Offer(new DeliveryEnvelope(1, State(ThreeNodes, (Web, ["a", "b"]))));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "the sink caught up after Consul recovered", time, TimeSpan.FromMilliseconds(50));
        await stop.CancelAsync();
        await running;

        Assert.Equal(3, workerLog.Count(301));
        Assert.All(workerLog.Entries.Where(entry => entry.Id.Id == 301), entry => Assert.Contains("No cluster leader", entry.Message, StringComparison.Ordinal));
        Assert.Equal(["a/dupstream-shop-web-8080:8080", "b/dupstream-shop-web-8080:8080"], consul.Instances());
        Assert.Equal(3, consul.Requests.Count(request => request.Status == 500));
    }

    [Fact]
    public async Task A_failure_halfway_leaves_nothing_that_the_next_attempt_does_not_finish()
    {
        var target = Target();
        await Succeeds(target, State(ThreeNodes, (Web, ["a"])));
        consul.ClearRequests();
        var next = State(ThreeNodes, (Web, ["b", "c"]), (Db, ["a"]));

        // The reads pass (node list, node-services of a, b and c), the first write passes, the second fails.
        consul.FailNext(1, after: 4 + 1);
        var failing = await target.SendAsync(next, CancellationToken.None);
        Assert.False(failing.Succeeded);
        Assert.Equal(500, failing.StatusCode);
        Assert.Single(consul.Requests, request => request.IsWrite && request.Status == 200);

        await Succeeds(target, next);

        Assert.Equal(["a/dupstream-shop-db-5432:5432", "b/dupstream-shop-web-8080:8080", "c/dupstream-shop-web-8080:8080"], consul.Instances());
    }

    private static string? Field(string json, string name) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)?[name]?.GetValue<string>();

    private static string? ServiceId(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)?["Service"]?["ID"]?.GetValue<string>();
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dupstream.Tests.Targets.Consul;

/// <summary>
/// A test double of the Consul HTTP API, served by Kestrel on 127.0.0.1, because no Consul server can run here.
/// It follows Consul's API documentation (api-docs/catalog, api-docs/index "Authentication") for what dupstream uses:
/// PUT /v1/catalog/register (Node and Address required, SkipNodeUpdate, service ID defaulting to the name, node and
/// service meta validated by Consul's rules), PUT /v1/catalog/deregister (node alone removes the node and its
/// services; missing entries are not an error), GET /v1/catalog/nodes with repeated node-meta=key:value filters,
/// GET /v1/catalog/node-services/:node ({"Node":null,"Services":[]} for an unknown node). With ACLs on (a token is
/// given) the token is read from X-Consul-Token, "Authorization: Bearer" or ?token=; an unknown token gets
/// 403 "ACL not found", the anonymous token 403 "Permission denied" on writes and ACL-filtered (empty) reads.
/// Failures can be injected (500 "No cluster leader" by default).
/// </summary>
internal sealed partial class FakeConsulServer : IAsyncDisposable
{
    private static readonly Regex MetaKey = MetaKeyPattern();

    private readonly Lock gate = new();
    private readonly Dictionary<string, FakeConsulStoredNode> nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeConsulRequest> requests = new();
    private readonly Queue<(int Status, string Body)> failures = new();
    private int passBeforeFailures;
    private readonly string? aclToken;
    private WebApplication? app;
    private long index = 10;

    private FakeConsulServer(string? aclToken) => this.aclToken = aclToken;

    /// <summary>The base address, like CONSUL_HTTP_ADDR.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<FakeConsulRequest> Requests => [.. requests];

    public IReadOnlyList<FakeConsulRequest> Writes => [.. requests.Where(request => request.IsWrite)];

    /// <param name="aclToken">When set, ACLs are on with default policy deny and this is the only (management) token.</param>
    public static async Task<FakeConsulServer> StartAsync(string? aclToken = null)
    {
        var server = new FakeConsulServer(aclToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        return server;
    }

    /// <summary>After <paramref name="after"/> more requests pass, the next <paramref name="count"/> fail with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status = 500, string body = "rpc error making call: No cluster leader", int after = 0)
    {
        lock (gate)
        {
            passBeforeFailures = after;
            for (var i = 0; i < count; i++)
            {
                failures.Enqueue((status, body));
            }
        }
    }

    public void ClearRequests() => requests.Clear();

    /// <summary>Puts a node (and services) straight into the catalog, as another tool would have.</summary>
    public void Seed(string node, string address, IReadOnlyDictionary<string, string>? meta = null, params FakeConsulService[] services)
    {
        lock (gate)
        {
            if (!nodes.TryGetValue(node, out var entry))
            {
                entry = new FakeConsulStoredNode(address, new Dictionary<string, string>(StringComparer.Ordinal), ++index);
            }

            entry.Address = address;
            if (meta is not null)
            {
                entry.Meta = meta.ToDictionary(StringComparer.Ordinal);
            }

            foreach (var service in services)
            {
                entry.Services[service.Id] = service;
            }

            nodes[node] = entry;
        }
    }

    public FakeConsulNode? Node(string name)
    {
        lock (gate)
        {
            return nodes.TryGetValue(name, out var node) ? Copy(name, node) : null;
        }
    }

    public IReadOnlyList<FakeConsulNode> Nodes()
    {
        lock (gate)
        {
            return nodes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => Copy(pair.Key, pair.Value)).ToList();
        }
    }

    /// <summary>"node/service-id:port" for every instance, sorted: a compact picture of the catalog.</summary>
    public IReadOnlyList<string> Instances()
    {
        lock (gate)
        {
            return nodes
                .SelectMany(node => node.Value.Services.Values.Select(service => string.Create(CultureInfo.InvariantCulture, $"{node.Key}/{service.Id}:{service.Port}")))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static FakeConsulNode Copy(string name, FakeConsulStoredNode node) =>
        new(name, node.Address, new Dictionary<string, string>(node.Meta, StringComparer.Ordinal), new Dictionary<string, FakeConsulService>(node.Services, StringComparer.Ordinal));

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var token = TokenOf(request);
        var (status, answer) = Answer(request.Method, request.Path.Value ?? string.Empty, request.Query, token, body, context.Response);
        requests.Enqueue(new FakeConsulRequest(request.Method, request.Path.Value ?? string.Empty, request.QueryString.Value ?? string.Empty, token, body, status));
        context.Response.StatusCode = status;
        context.Response.Headers["X-Consul-Index"] = Interlocked.Read(ref index).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Consul-KnownLeader"] = "true";
        context.Response.ContentType = status == 200 ? "application/json" : "text/plain; charset=utf-8";
        await context.Response.WriteAsync(answer);
    }

    private static string? TokenOf(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Consul-Token", out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Query.TryGetValue("token", out var query) ? query.ToString() : null;
    }

    private (int Status, string Body) Answer(string method, string path, IQueryCollection query, string? token, string body, HttpResponse response)
    {
        lock (gate)
        {
            if (failures.Count > 0 && passBeforeFailures-- <= 0 && failures.TryDequeue(out var failure))
            {
                return failure;
            }

            var anonymous = string.IsNullOrEmpty(token);
            if (aclToken is not null && !anonymous && token != aclToken)
            {
                return (403, "ACL not found");
            }

            var mayWrite = aclToken is null || token == aclToken;
            switch (method, path)
            {
                case ("PUT", "/v1/catalog/register"):
                    return mayWrite ? Register(body) : (403, "Permission denied: anonymous token lacks permission 'node:write'");
                case ("PUT", "/v1/catalog/deregister"):
                    return mayWrite ? Deregister(body) : (403, "Permission denied: anonymous token lacks permission 'node:write'");
                case ("GET", "/v1/catalog/nodes"):
                    if (!mayWrite)
                    {
                        response.Headers["X-Consul-Results-Filtered-By-ACLs"] = "true";
                        return (200, "[]");
                    }

                    return (200, ListNodes(query["node-meta"].Select(value => value ?? string.Empty).ToList()));
                case ("GET", _) when path.StartsWith("/v1/catalog/node-services/", StringComparison.Ordinal):
                    var name = Uri.UnescapeDataString(path["/v1/catalog/node-services/".Length..]);
                    return (200, NodeServices(mayWrite ? name : null));
                case (_, "/v1/catalog/register" or "/v1/catalog/deregister" or "/v1/catalog/nodes"):
                    return (405, $"method {method} not allowed");
                default:
                    return (404, $"Invalid URL path: not a recognized HTTP API endpoint");
            }
        }
    }

    private (int, string) Register(string body)
    {
        JsonObject registration;
        try
        {
            registration = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException exception)
        {
            return (400, $"Request decode failed: {exception.Message}");
        }

        var node = (string?)registration["Node"];
        var address = (string?)registration["Address"];
        if (string.IsNullOrEmpty(node))
        {
            return (400, "Must provide node");
        }

        if (string.IsNullOrEmpty(address))
        {
            return (400, "Must provide address");
        }

        var nodeMeta = StringMap(registration["NodeMeta"]);
        if (ValidateMeta(nodeMeta) is { } nodeMetaError)
        {
            return (400, $"Invalid node metadata: {nodeMetaError}");
        }

        FakeConsulService? service = null;
        if (registration["Service"] is JsonObject definition)
        {
            var name = (string?)definition["Service"];
            if (string.IsNullOrEmpty(name))
            {
                return (400, "Must provide service name (Service.Service)");
            }

            var meta = StringMap(definition["Meta"]);
            if (ValidateMeta(meta) is { } serviceMetaError)
            {
                return (400, $"Invalid Service Meta: {serviceMetaError}");
            }

            var id = (string?)definition["ID"];
            service = new FakeConsulService(
                string.IsNullOrEmpty(id) ? name : id,
                name,
                definition["Tags"] is JsonArray tags ? tags.Select(tag => (string?)tag ?? string.Empty).ToList() : null,
                (int?)definition["Port"] ?? 0,
                meta,
                (string?)definition["Address"] ?? string.Empty);
        }

        var skipNodeUpdate = (bool?)registration["SkipNodeUpdate"] ?? false;
        var now = ++index;
        if (!nodes.TryGetValue(node, out var entry))
        {
            entry = new FakeConsulStoredNode(address, nodeMeta, now);
        }
        else if (!skipNodeUpdate)
        {
            // A registration replaces the node's address and meta (absent meta means none).
            entry.Address = address;
            entry.Meta = nodeMeta;
            entry.Modified = now;
        }

        if (service is not null)
        {
            entry.Services[service.Id] = service;
        }

        nodes[node] = entry;
        return (200, "true");
    }

    private (int, string) Deregister(string body)
    {
        JsonObject deregistration;
        try
        {
            deregistration = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException exception)
        {
            return (400, $"Request decode failed: {exception.Message}");
        }

        var node = (string?)deregistration["Node"];
        if (string.IsNullOrEmpty(node))
        {
            return (400, "Must provide node");
        }

        var serviceId = (string?)deregistration["ServiceID"];
        var checkId = (string?)deregistration["CheckID"];
        index++;
        if (!string.IsNullOrEmpty(serviceId))
        {
            if (nodes.TryGetValue(node, out var entry))
            {
                entry.Services.Remove(serviceId);
            }
        }
        else if (string.IsNullOrEmpty(checkId))
        {
            nodes.Remove(node);
        }

        return (200, "true");
    }

    private string ListNodes(List<string> filters)
    {
        var wanted = filters.Select(filter =>
        {
            var colon = filter.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (filter, string.Empty) : (filter[..colon], filter[(colon + 1)..]);
        }).ToList();
        var array = new JsonArray();
        foreach (var (name, node) in nodes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (wanted.All(pair => node.Meta.TryGetValue(pair.Item1, out var value) && value == pair.Item2))
            {
                array.Add(NodeJson(name, node));
            }
        }

        return array.ToJsonString();
    }

    private string NodeServices(string? name)
    {
        if (name is null || !nodes.TryGetValue(name, out var node))
        {
            return new JsonObject { ["Node"] = null, ["Services"] = new JsonArray() }.ToJsonString();
        }

        var services = new JsonArray();
        foreach (var service in node.Services.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            services.Add(new JsonObject
            {
                ["ID"] = service.Id,
                ["Service"] = service.Service,
                ["Tags"] = service.Tags is null ? null : new JsonArray([.. service.Tags.Select(tag => (JsonNode?)JsonValue.Create(tag))]),
                ["Address"] = service.Address,
                ["TaggedAddresses"] = null,
                ["Meta"] = MapJson(service.Meta),
                ["Port"] = service.Port,
                ["Weights"] = new JsonObject { ["Passing"] = 1, ["Warning"] = 1 },
                ["EnableTagOverride"] = false,
                ["Proxy"] = new JsonObject { ["Mode"] = string.Empty, ["MeshGateway"] = new JsonObject(), ["Expose"] = new JsonObject() },
                ["Connect"] = new JsonObject(),
                ["CreateIndex"] = node.Created,
                ["ModifyIndex"] = node.Modified,
            });
        }

        return new JsonObject { ["Node"] = NodeJson(name, node), ["Services"] = services }.ToJsonString();
    }

    private static JsonObject NodeJson(string name, FakeConsulStoredNode node) => new()
    {
        ["ID"] = string.Empty,
        ["Node"] = name,
        ["Address"] = node.Address,
        ["Datacenter"] = "dc1",
        ["TaggedAddresses"] = null,
        ["Meta"] = MapJson(node.Meta),
        ["CreateIndex"] = node.Created,
        ["ModifyIndex"] = node.Modified,
    };

    private static JsonObject MapJson(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json;
    }

    private static Dictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.ToDictionary(pair => pair.Key, pair => (string?)pair.Value ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Consul's structs.ValidateMetadata.</summary>
    private static string? ValidateMeta(Dictionary<string, string> meta)
    {
        if (meta.Count > 64)
        {
            return "Node metadata cannot contain more than 64 key/value pairs";
        }

        foreach (var (key, value) in meta)
        {
            var problem = key.Length == 0 ? "Key cannot be blank"
                : !MetaKey.IsMatch(key) ? "Key contains invalid characters"
                : key.Length > 128 ? "Key is too long (limit: 128 characters)"
                : key.StartsWith("consul-", StringComparison.Ordinal) ? "Key prefix 'consul-' is reserved for internal use"
                : Encoding.UTF8.GetByteCount(value) > 512 ? "Value is too long (limit: 512 characters)"
                : null;
            if (problem is not null)
            {
                return $"Couldn't load metadata pair ('{key}', '{value}'): {problem}";
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex MetaKeyPattern();
}

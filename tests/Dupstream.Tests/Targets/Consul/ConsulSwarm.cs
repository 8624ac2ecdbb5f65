using Dupstream.Docker;
using Dupstream.Snapshots;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Targets.Consul;

/// <summary>Small swarm states for the Consul tests: nodes a (10.231.0.1), b (10.231.0.2), c (10.231.0.3).</summary>
internal static class ConsulSwarm
{
    public static readonly IReadOnlyList<EngineNode> ThreeNodes =
    [
        Node("id-a", "a", addr: "10.231.0.1"),
        Node("id-b", "b", addr: "10.231.0.2"),
        Node("id-c", "c", addr: "10.231.0.3"),
    ];

    public static EngineService Web { get; } = Service(
        "svc-web",
        "shop_web",
        new Dictionary<string, string>
        {
            ["com.docker.stack.namespace"] = "shop",
            ["dupstream.consul.tags"] = "http, v1,,http",
        },
        Port(8080, 80));

    public static EngineService Db { get; } = Service("svc-db", "shop_db", Port(5432, 5432));

    /// <summary>The snapshot of <paramref name="nodes"/> with each service running on the named node hostnames.</summary>
    public static CanonicalSnapshot State(IReadOnlyList<EngineNode> nodes, params (EngineService Service, string[] OnNodes)[] services)
    {
        var tasks = services
            .SelectMany(entry => entry.OnNodes.Select(host => Task($"t-{entry.Service.Id}-{host}", entry.Service.Id, nodes.Single(n => n.Hostname == host).Id)))
            .ToList();
        return CanonicalSnapshot.From(SnapshotBuilder.Build(nodes, services.Select(entry => entry.Service).ToList(), tasks));
    }
}

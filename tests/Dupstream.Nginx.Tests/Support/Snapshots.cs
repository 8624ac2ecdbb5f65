using Dupstream.Contracts;

namespace Dupstream.Nginx.Tests.Support;

/// <summary>Small snapshots for tests.</summary>
public static class Snapshots
{
    public static SnapshotNode Node(string id, string name, string ip) => new() { Id = id, Name = name, Ip = ip };

    public static SnapshotService Service(string name, int publishedPort, string[] nodes, Dictionary<string, string>? labels = null) => new()
    {
        Name = name,
        Ports = [new SnapshotPort { TargetPort = 80, PublishedPort = publishedPort }],
        Nodes = nodes,
        Labels = labels ?? [],
    };

    /// <summary>One node running one service "web" on the given published port.</summary>
    public static SwarmSnapshot Web(int publishedPort, string? prefix = null) => new()
    {
        Nodes = [Node("n1", "node-1", "10.0.0.1")],
        Services = [Service("web", publishedPort, ["n1"], prefix is null ? null : new() { ["dupstream.upstream.prefix"] = prefix })],
    };
}

using System.Globalization;
using Dupstream.Contracts;
using Dupstream.SyntheticEngine.Snapshots;

namespace Dupstream.Bench.Reloads.Cluster;

/// <summary>
/// The loopback "swarm" the snapshots describe: nodes 1..N at 127.0.1.1..127.0.1.N, each a backend on the same
/// port answering its own address, plus optional filler services (the receiver benchmark's synthetic payload, on
/// addresses nothing listens on) that never change. Pure: it only builds snapshots.
/// </summary>
internal sealed class BenchCluster
{
    private readonly SwarmSnapshot filler;

    public BenchCluster(int nodeCount, int port, int fillerServices)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeCount, 254);
        Port = port;
        Nodes = Enumerable.Range(1, nodeCount)
            .Select(i => new SnapshotNode
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"benchnode{i:D3}000000000000000"),
                Name = string.Create(CultureInfo.InvariantCulture, $"bench-node{i:D3}"),
                Ip = Address(i),
                State = "ready",
                Availability = "active",
            })
            .ToList();
        filler = fillerServices > 0 ? SyntheticSnapshots.Create(fillerServices, 200, 10) : SwarmSnapshot.Empty;
    }

    public int Port { get; }

    public IReadOnlyList<SnapshotNode> Nodes { get; }

    public int FillerServices => filler.Services.Count;

    public static string Address(int node) => string.Create(CultureInfo.InvariantCulture, $"127.0.1.{node}");

    /// <summary>The watcher's payload for this placement (service name -> node numbers), filler included.</summary>
    public byte[] Snapshot(IReadOnlyDictionary<string, IReadOnlySet<int>> placement)
    {
        var services = placement
            .Select(entry => new SnapshotService
            {
                Name = entry.Key,
                Ports = [new SnapshotPort { TargetPort = 80, PublishedPort = Port }],
                Nodes = entry.Value.Order().Select(node => Nodes[node - 1].Id).ToList(),
            })
            .Concat(filler.Services)
            .OrderBy(service => service.Name, StringComparer.Ordinal)
            .ToList();
        var nodes = Nodes.Concat(filler.Nodes).OrderBy(node => node.Name, StringComparer.Ordinal).ToList();
        return SnapshotJson.Serialize(new SwarmSnapshot { Nodes = nodes, Services = services });
    }
}

using System.Globalization;
using Dupstream.Contracts;

namespace Dupstream.SyntheticEngine.Snapshots;

/// <summary>
/// Payloads of a given size for the receiver's benchmarks: <paramref name="services"/> upstreams, each on
/// <paramref name="nodesPerService"/> of <paramref name="nodes"/> nodes. <paramref name="variant"/> moves one
/// service to other nodes, so variants 0 and 1 differ in exactly one upstream.
/// </summary>
public static class SyntheticSnapshots
{
    public static SwarmSnapshot Create(int services, int nodes, int nodesPerService, int variant = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, nodesPerService);
        var nodeList = Enumerable.Range(0, nodes)
            .Select(i => new SnapshotNode
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"node{i:D5}id0000000000000000")[..25],
                Name = string.Create(CultureInfo.InvariantCulture, $"syn-node{i + 1:D4}"),
                Ip = string.Create(CultureInfo.InvariantCulture, $"10.{240 + (i / 62_500)}.{i / 250 % 250}.{(i % 250) + 1}"),
                State = "ready",
                Availability = "active",
            })
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        var serviceList = Enumerable.Range(0, services)
            .Select(i => new SnapshotService
            {
                Name = string.Create(CultureInfo.InvariantCulture, $"svc{i + 1:D5}"),
                Ports = [new SnapshotPort { TargetPort = 80, PublishedPort = 20_000 + i }],
                Nodes = Enumerable.Range(0, nodesPerService)
                    .Select(k => nodeList[((i * 7) + k + (i == 0 ? variant : 0)) % nodes].Id)
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList(),
                Labels = i % 3 == 0
                    ? new SortedDictionary<string, string>(StringComparer.Ordinal) { ["dupstream.upstream.prefix"] = "least_conn;" }
                    : new SortedDictionary<string, string>(StringComparer.Ordinal),
            })
            .ToList();
        return new SwarmSnapshot { Nodes = nodeList, Services = serviceList };
    }
}

using System.Runtime.InteropServices;
using Dupstream.Contracts;
using Dupstream.Docker;

namespace Dupstream.Snapshots;

/// <summary>
/// The heart of the watcher: engine listings in, payload out. Pure and deterministic: the same cluster state
/// gives the same snapshot (and so the same bytes), whatever order the engine listed things in.
/// </summary>
internal static class SnapshotBuilder
{
    public const string Ready = "ready";
    public const string Active = "active";
    public const string Running = "running";

    public static SwarmSnapshot Build(IEnumerable<EngineNode> nodes, IEnumerable<EngineService> services, IEnumerable<EngineTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tasks);

        var snapshotNodes = BuildNodes(nodes);
        var nodeIds = snapshotNodes.Select(node => node.Id).ToHashSet(StringComparer.Ordinal);

        // A task counts only when it is meant to run and does: a task being shut down (DesiredState shutdown,
        // still running) is already out, and so is any task on a node that is not ready and active.
        // One pass with plain lists (sorted and de-duplicated per service below): this runs on every refresh,
        // over every task of the cluster.
        var nodesByService = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (Counts(task, nodeIds))
            {
                ref var onNodes = ref CollectionsMarshal.GetValueRefOrAddDefault(nodesByService, task.ServiceId, out _);
                (onNodes ??= new List<string>(4)).Add(task.NodeId);
            }
        }

        var snapshotServices = services
            .DistinctBy(service => service.Id, StringComparer.Ordinal)
            .OrderBy(service => service.Name, StringComparer.Ordinal)
            .ThenBy(service => service.Id, StringComparer.Ordinal)
            .Select(service => BuildService(service, nodesByService.GetValueOrDefault(service.Id)))
            .OfType<SnapshotService>()
            .ToList();

        return new SwarmSnapshot { Nodes = snapshotNodes, Services = snapshotServices };
    }

    /// <summary>
    /// One service's entry (null when it publishes no port), from the IDs of the ready nodes and its tasks: what
    /// <see cref="Build"/> does per service, for callers that rebuild only the services that changed.
    /// </summary>
    public static SnapshotService? BuildService(EngineService service, IEnumerable<EngineTask> tasks, IReadOnlySet<string> readyNodeIds)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(readyNodeIds);
        List<string>? onNodes = null;
        foreach (var task in tasks)
        {
            if (Counts(task, readyNodeIds))
            {
                (onNodes ??= new List<string>(4)).Add(task.NodeId);
            }
        }

        return BuildService(service, onNodes);
    }

    /// <summary>The ready and active nodes, in snapshot order.</summary>
    public static List<SnapshotNode> BuildNodes(IEnumerable<EngineNode> nodes) =>
        nodes
            .Where(node => node.State == Ready && node.Availability == Active && node.Id.Length > 0)
            .Select(node => new SnapshotNode
            {
                Id = node.Id,
                Name = node.Hostname,
                Ip = NodeAddress.Choose(node.StatusAddr, node.ManagerAddr),
                State = node.State,
                Availability = node.Availability,
            })
            // The engine never lists a node twice, but if it did the choice must not depend on listing order.
            .OrderBy(node => node.Id, StringComparer.Ordinal)
            .ThenBy(node => node.Name, StringComparer.Ordinal)
            .ThenBy(node => node.Ip, StringComparer.Ordinal)
            .DistinctBy(node => node.Id, StringComparer.Ordinal)
            .OrderBy(node => node.Name, StringComparer.Ordinal)
            .ThenBy(node => node.Id, StringComparer.Ordinal)
            .ToList();

    private static bool Counts(EngineTask task, IReadOnlySet<string> readyNodeIds) =>
        task.DesiredState == Running && task.State == Running && readyNodeIds.Contains(task.NodeId);

    private static SnapshotService? BuildService(EngineService service, List<string>? onNodes)
    {
        var ports = PublishedPorts(service);
        return ports.Count == 0 ? null : new SnapshotService
        {
            Name = service.Name,
            Ports = ports,
            Nodes = onNodes is null ? [] : SortedDistinct(onNodes),
            Labels = new SortedDictionary<string, string>(new Dictionary<string, string>(service.Labels, StringComparer.Ordinal), StringComparer.Ordinal),
        };
    }

    /// <summary>Sorts ordinally and drops repeats, in place (a service often runs several tasks on one node).</summary>
    private static List<string> SortedDistinct(List<string> ids)
    {
        ids.Sort(StringComparer.Ordinal);
        var kept = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            if (kept == 0 || !string.Equals(ids[i], ids[kept - 1], StringComparison.Ordinal))
            {
                ids[kept++] = ids[i];
            }
        }

        ids.RemoveRange(kept, ids.Count - kept);
        return ids;
    }

    private static List<SnapshotPort> PublishedPorts(EngineService service) =>
        service.Ports
            .Where(port => port.PublishedPort > 0)
            .Select(port => new SnapshotPort { TargetPort = port.TargetPort, PublishedPort = port.PublishedPort })
            .ToList();
}

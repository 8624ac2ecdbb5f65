using Dupstream.Contracts;
using Dupstream.Docker;

namespace Dupstream.Snapshots;

/// <summary>
/// What the watcher knows of the swarm: nodes, services and running-desired tasks, replaced whole by a full
/// listing and patched by the partial listings that follow a change (the services or nodes asked about, and
/// the tasks of exactly those). Pure: no I/O; a patch states what was asked, so "asked and not listed" means
/// gone. Not thread-safe: the refresh loop owns it.
/// Each service's snapshot entry is kept until a patch touches that service, so the build after a change read
/// rebuilds the few services it named, not all 2,000 from 20,000 tasks; the entries it keeps are the same
/// instances as in the last snapshot, which lets <see cref="CanonicalSnapshot"/> reuse their bytes too.
/// </summary>
internal sealed class SwarmState
{
    private readonly Dictionary<string, EngineNode> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EngineService> services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<EngineTask>> tasksByService = new(StringComparer.Ordinal);

    // Built entries by service ID (null: the service publishes no port); a missing key means "build again".
    private readonly Dictionary<string, SnapshotService?> built = new(StringComparer.Ordinal);

    // The ready nodes as last built; null after any node patch, which rebuilds every service (node changes are rare).
    private List<SnapshotNode>? builtNodes;
    private HashSet<string> readyNodeIds = new(StringComparer.Ordinal);

    public int ServiceCount => services.Count;

    public bool HasService(string id) => services.ContainsKey(id);

    public bool HasNode(string id) => nodes.ContainsKey(id);

    /// <summary>Replaces everything with a complete listing.</summary>
    public void Replace(IEnumerable<EngineNode> listedNodes, IEnumerable<EngineService> listedServices, IEnumerable<EngineTask> listedTasks)
    {
        nodes.Clear();
        services.Clear();
        builtNodes = null;
        foreach (var node in listedNodes)
        {
            nodes[node.Id] = node;
        }

        foreach (var service in listedServices)
        {
            services[service.Id] = service;
        }

        ReplaceTasks(listedTasks);
    }

    /// <summary>Replaces every task (the periodic task listing) and keeps nodes and services.</summary>
    public void ReplaceTasks(IEnumerable<EngineTask> listedTasks)
    {
        tasksByService.Clear();
        built.Clear();
        AddTasks(listedTasks);
    }

    /// <summary>The services asked about: listed ones are added or replaced, the others are gone with their tasks.</summary>
    public void PatchServices(IReadOnlyCollection<string> asked, IEnumerable<EngineService> listed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in asked)
        {
            built.Remove(id);
        }

        foreach (var service in listed.Where(service => asked.Contains(service.Id)))
        {
            services[service.Id] = service;
            seen.Add(service.Id);
        }

        foreach (var id in asked.Where(id => !seen.Contains(id)))
        {
            services.Remove(id);
            tasksByService.Remove(id);
        }
    }

    /// <summary>The nodes asked about: listed ones are added or replaced, the others are gone.</summary>
    public void PatchNodes(IReadOnlyCollection<string> asked, IEnumerable<EngineNode> listed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        builtNodes = null;
        foreach (var node in listed.Where(node => asked.Contains(node.Id)))
        {
            nodes[node.Id] = node;
            seen.Add(node.Id);
        }

        foreach (var id in asked.Where(id => !seen.Contains(id)))
        {
            nodes.Remove(id);
        }
    }

    /// <summary>All running-desired tasks of these services, as just listed: they replace what was known of them.</summary>
    public void PatchServiceTasks(IReadOnlyCollection<string> serviceIds, IEnumerable<EngineTask> listed)
    {
        foreach (var id in serviceIds)
        {
            tasksByService.Remove(id);
            built.Remove(id);
        }

        AddTasks(listed.Where(task => serviceIds.Contains(task.ServiceId)));
    }

    /// <summary>All running-desired tasks on these nodes, as just listed: they replace what was known there.</summary>
    public void PatchNodeTasks(IReadOnlyCollection<string> nodeIds, IEnumerable<EngineTask> listed)
    {
        foreach (var (serviceId, tasks) in tasksByService)
        {
            if (tasks.RemoveAll(task => nodeIds.Contains(task.NodeId)) > 0)
            {
                built.Remove(serviceId);
            }
        }

        var added = listed.Where(task => nodeIds.Contains(task.NodeId)).ToList();
        foreach (var task in added)
        {
            built.Remove(task.ServiceId);
        }

        AddTasks(added);
    }

    /// <summary>Services with a known task on one of these nodes (a node change moves their tasks elsewhere).</summary>
    public IReadOnlyCollection<string> ServicesOnNodes(IReadOnlyCollection<string> nodeIds) =>
        tasksByService.Where(entry => entry.Value.Exists(task => nodeIds.Contains(task.NodeId))).Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The known running-desired tasks of these services.</summary>
    public IEnumerable<EngineTask> TasksOf(IEnumerable<string> serviceIds) =>
        serviceIds.SelectMany(id => tasksByService.TryGetValue(id, out var tasks) ? tasks : []);

    /// <summary>The snapshot of what is known: the same as <see cref="SnapshotBuilder.Build"/> over everything, rebuilding only what patches touched.</summary>
    public SwarmSnapshot Build()
    {
        if (builtNodes is null)
        {
            builtNodes = SnapshotBuilder.BuildNodes(nodes.Values);
            readyNodeIds = builtNodes.Select(node => node.Id).ToHashSet(StringComparer.Ordinal);
            built.Clear();
        }

        var entries = new List<(EngineService Service, SnapshotService Entry)>(services.Count);
        foreach (var service in services.Values)
        {
            if (!built.TryGetValue(service.Id, out var entry))
            {
                entry = SnapshotBuilder.BuildService(service, tasksByService.TryGetValue(service.Id, out var tasks) ? tasks : [], readyNodeIds);
                built[service.Id] = entry;
            }

            if (entry is not null)
            {
                entries.Add((service, entry));
            }
        }

        // The builder's order: by name, then by ID.
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Service.Name, b.Service.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.Service.Id, b.Service.Id));
        return new SwarmSnapshot { Nodes = builtNodes, Services = entries.ConvertAll(e => e.Entry) };
    }

    private void AddTasks(IEnumerable<EngineTask> listed)
    {
        foreach (var task in listed)
        {
            if (!tasksByService.TryGetValue(task.ServiceId, out var tasks))
            {
                tasksByService[task.ServiceId] = tasks = [];
            }

            // Every patch first removes what it replaces, so a task is never added twice (and the snapshot
            // counts a node once per service anyway).
            tasks.Add(task);
        }
    }
}

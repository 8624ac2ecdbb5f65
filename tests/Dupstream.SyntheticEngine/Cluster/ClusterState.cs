using Dupstream.SyntheticEngine.Json;

namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>
/// The generated swarm: nodes, services and tasks, the changes an operator makes (scale, drain, activate,
/// remove) and the events they cause, in the engine's words. Thread-safe: one lock around everything.
/// </summary>
public sealed class ClusterState
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly IdSource ids;
    private readonly List<SyntheticNode> nodes = [];
    private readonly List<SyntheticService> services = [];
    private readonly List<SyntheticTask> tasks = [];
    private readonly List<EngineEventRecord> events = [];
    private readonly List<Action<EngineEventRecord>> subscribers = [];
    private long versionIndex = 10;
    private int placement;

    public ClusterState(ClusterSpec spec, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        this.time = time;
        ids = new IdSource(spec.Seed);
        for (var i = 0; i < spec.Nodes; i++)
        {
            nodes.Add(new SyntheticNode
            {
                Id = ids.NextObjectId(),
                Hostname = IdSource.Hostname(i),
                Addr = IdSource.NodeAddress(i),
                IsLeader = i == 0,
                CreatedAt = Epoch.AddMilliseconds(i),
                UpdatedAt = Epoch.AddMilliseconds(i),
                VersionIndex = ++versionIndex,
            });
        }

        for (var i = 0; i < spec.Services; i++)
        {
            var created = Epoch.AddSeconds(1).AddMilliseconds(i);
            services.Add(new SyntheticService
            {
                Id = ids.NextObjectId(),
                Name = IdSource.ServiceName(i),
                // Most real services publish through the ingress; some use host mode; some publish nothing.
                Kind = (i % 10) switch { 9 => ServiceKind.NoPorts, 0 or 3 or 6 => ServiceKind.HostPort, _ => ServiceKind.Ingress },
                PublishedPort = 20_000 + i,
                VirtualIp = IdSource.OverlayAddress(i),
                CreatedAt = created,
                UpdatedAt = created,
                Replicas = (spec.Tasks / spec.Services) + (i < spec.Tasks % spec.Services ? 1 : 0),
                VersionIndex = ++versionIndex,
            });
        }

        foreach (var service in services)
        {
            for (var slot = 1; slot <= service.Replicas; slot++)
            {
                tasks.Add(NewTask(service, slot, NextReadyNode().Id, service.CreatedAt.AddMilliseconds(500)));
            }
        }
    }

    public int NodeCount { get { lock (gate) { return nodes.Count; } } }

    public int ServiceCount { get { lock (gate) { return services.Count; } } }

    public int RunningTaskCount { get { lock (gate) { return tasks.Count(IsRunning); } } }

    public IReadOnlyList<SyntheticNode> Nodes { get { lock (gate) { return [.. nodes]; } } }

    public IReadOnlyList<SyntheticService> Services { get { lock (gate) { return [.. services]; } } }

    public IReadOnlyList<SyntheticTask> Tasks { get { lock (gate) { return [.. tasks]; } } }

    public ClusterListing ListNodes()
    {
        lock (gate)
        {
            return new ClusterListing(nodes.Select(node => node.Json ??= EngineJson.Bytes(EngineJson.Node(node))).ToList());
        }
    }

    public ClusterListing ListServices()
    {
        lock (gate)
        {
            return new ClusterListing(services.Select(service => service.Json ??= EngineJson.Bytes(EngineJson.Service(service))).ToList());
        }
    }

    public ClusterListing ListTasks(TaskFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (gate)
        {
            var nodesById = nodes.ToDictionary(node => node.Id, StringComparer.Ordinal);
            return new ClusterListing(tasks
                .Where(task => Matches(filter, task, nodesById))
                .Select(task => task.Json ??= EngineJson.Bytes(EngineJson.Task(task)))
                .ToList());
        }
    }

    /// <summary>Sets a service's replica count: new tasks start running, surplus ones are shut down (and stay listed).</summary>
    public void Scale(string serviceName, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        lock (gate)
        {
            var service = ServiceNamed(serviceName);
            var now = time.GetUtcNow();
            var old = service.Replicas;
            var live = tasks.Where(task => task.Service == service && task.DesiredState == "running").OrderBy(task => task.Slot).ToList();
            foreach (var surplus in live.Skip(replicas))
            {
                Stop(surplus, now);
            }

            for (var slot = live.Count + 1; slot <= replicas; slot++)
            {
                tasks.Add(NewTask(service, slot, NextReadyNode().Id, now));
            }

            service.Replicas = replicas;
            Touch(service, now);
            Emit("service", "update", service.Id, new Dictionary<string, string>
            {
                ["name"] = service.Name,
                ["replicas.new"] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["replicas.old"] = old.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, now);
        }
    }

    /// <summary>Drains a node: its tasks shut down and start again on other ready, active nodes.</summary>
    public void Drain(string hostname)
    {
        lock (gate)
        {
            var node = NodeNamed(hostname);
            var now = time.GetUtcNow();
            SetAvailability(node, "drain", now);
            foreach (var task in tasks.Where(task => task.NodeId == node.Id && task.DesiredState == "running").ToList())
            {
                Stop(task, now);
                tasks.Add(NewTask(task.Service, task.Slot, NextReadyNode().Id, now));
            }
        }
    }

    /// <summary>Makes a drained node active again (nothing moves back, as in a real swarm).</summary>
    public void Activate(string hostname)
    {
        lock (gate)
        {
            SetAvailability(NodeNamed(hostname), "active", time.GetUtcNow());
        }
    }

    /// <summary>Removes a service and its tasks.</summary>
    public void Remove(string serviceName)
    {
        lock (gate)
        {
            var service = ServiceNamed(serviceName);
            services.Remove(service);
            tasks.RemoveAll(task => task.Service == service);
            Emit("service", "remove", service.Id, new Dictionary<string, string> { ["name"] = service.Name }, time.GetUtcNow());
        }
    }

    /// <summary>
    /// Events from <paramref name="sinceNano"/> on, and a subscription to later ones, taken atomically so no
    /// event is missed or delivered twice. Dispose the result to unsubscribe.
    /// </summary>
    public IDisposable Subscribe(long sinceNano, Action<EngineEventRecord> onEvent, out IReadOnlyList<EngineEventRecord> replay)
    {
        lock (gate)
        {
            replay = events.Where(e => e.TimeNano >= sinceNano).ToList();
            subscribers.Add(onEvent);
            return new Subscription(this, onEvent);
        }
    }

    private static bool IsRunning(SyntheticTask task) => task.DesiredState == "running" && task.State == "running";

    private static bool Matches(TaskFilter filter, SyntheticTask task, Dictionary<string, SyntheticNode> nodesById) =>
        (filter.DesiredStates is null || filter.DesiredStates.Contains(task.DesiredState))
        && (filter.Services is null || filter.Services.Contains(task.Service.Id) || filter.Services.Contains(task.Service.Name))
        && (filter.Nodes is null || filter.Nodes.Contains(task.NodeId)
            || (nodesById.TryGetValue(task.NodeId, out var node) && filter.Nodes.Contains(node.Hostname)))
        && (filter.Ids is null || filter.Ids.Contains(task.Id));

    private SyntheticTask NewTask(SyntheticService service, int slot, string nodeId, DateTimeOffset at) => new()
    {
        Id = ids.NextObjectId(),
        Service = service,
        Slot = slot,
        NodeId = nodeId,
        ContainerId = ids.NextContainerId(),
        Pid = ids.NextPid(),
        AttachmentAddress = IdSource.OverlayAddress(tasks.Count + 1000),
        CreatedAt = at,
        UpdatedAt = at,
        VersionIndex = ++versionIndex,
    };

    /// <summary>Round-robin over ready, active nodes, so tasks spread evenly as the scheduler spreads them.</summary>
    private SyntheticNode NextReadyNode()
    {
        for (var tried = 0; tried < nodes.Count; tried++)
        {
            var node = nodes[placement++ % nodes.Count];
            if (node is { State: "ready", Availability: "active" })
            {
                return node;
            }
        }

        throw new InvalidOperationException("No ready, active node is left to place a task on.");
    }

    private void Stop(SyntheticTask task, DateTimeOffset now)
    {
        task.DesiredState = "shutdown";
        task.State = "shutdown";
        task.UpdatedAt = now;
        task.VersionIndex = ++versionIndex;
        task.Json = null;
    }

    private void Touch(SyntheticService service, DateTimeOffset now)
    {
        service.UpdatedAt = now;
        service.VersionIndex = ++versionIndex;
        service.Json = null;
    }

    private void SetAvailability(SyntheticNode node, string availability, DateTimeOffset now)
    {
        var old = node.Availability;
        node.Availability = availability;
        node.UpdatedAt = now;
        node.VersionIndex = ++versionIndex;
        node.Json = null;
        Emit("node", "update", node.Id, new Dictionary<string, string>
        {
            ["availability.new"] = availability,
            ["availability.old"] = old,
            ["name"] = node.Hostname,
        }, now);
    }

    private void Emit(string type, string action, string actorId, Dictionary<string, string> attributes, DateTimeOffset at)
    {
        var timeNano = (at - DateTimeOffset.UnixEpoch).Ticks * 100;
        // Two changes within one clock tick still get distinct, increasing times, as the engine's do.
        if (events.Count > 0 && timeNano <= events[^1].TimeNano)
        {
            timeNano = events[^1].TimeNano + 1;
        }

        var record = new EngineEventRecord(type, timeNano, EngineJson.Event(type, action, actorId, attributes, timeNano));
        events.Add(record);
        foreach (var subscriber in subscribers)
        {
            subscriber(record);
        }
    }

    private SyntheticService ServiceNamed(string name) =>
        services.FirstOrDefault(service => service.Name == name || service.Id == name)
        ?? throw new KeyNotFoundException($"No service '{name}' in the synthetic cluster.");

    private SyntheticNode NodeNamed(string name) =>
        nodes.FirstOrDefault(node => node.Hostname == name || node.Id == name)
        ?? throw new KeyNotFoundException($"No node '{name}' in the synthetic cluster.");

    private sealed class Subscription(ClusterState owner, Action<EngineEventRecord> onEvent) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.subscribers.Remove(onEvent);
            }
        }
    }
}

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
    private int servicesCreated;

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

        servicesCreated = services.Count;
        foreach (var service in services)
        {
            for (var slot = 1; slot <= service.Replicas; slot++)
            {
                tasks.Add(NewTask(service, slot, NextReadyNode().Id, service.CreatedAt.AddMilliseconds(500)));
            }
        }
    }

    /// <summary>
    /// How long a task created by a change takes to start (pulling, preparing): it is listed as "starting" until
    /// then. Zero (the default) starts tasks at once.
    /// </summary>
    public TimeSpan StartDelay { get; set; }

    public int NodeCount { get { lock (gate) { return nodes.Count; } } }

    public int ServiceCount { get { lock (gate) { return services.Count; } } }

    public int RunningTaskCount { get { lock (gate) { return tasks.Count(IsRunning); } } }

    public IReadOnlyList<SyntheticNode> Nodes { get { lock (gate) { return [.. nodes]; } } }

    public IReadOnlyList<SyntheticService> Services { get { lock (gate) { return [.. services]; } } }

    public IReadOnlyList<SyntheticTask> Tasks { get { lock (gate) { return [.. tasks]; } } }

    public ClusterListing ListNodes(ObjectFilter? filter = null)
    {
        lock (gate)
        {
            return new ClusterListing(nodes.Where(node => (filter ?? ObjectFilter.None).Matches(node.Id, node.Hostname)).Select(node => node.Json ??= EngineJson.Bytes(EngineJson.Node(node))).ToList());
        }
    }

    public ClusterListing ListServices(ObjectFilter? filter = null)
    {
        lock (gate)
        {
            return new ClusterListing(services.Where(service => (filter ?? ObjectFilter.None).Matches(service.Id, service.Name)).Select(service => service.Json ??= EngineJson.Bytes(EngineJson.Service(service))).ToList());
        }
    }

    public ClusterListing ListTasks(TaskFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (gate)
        {
            StartDueTasks();
            // As the engine: every service and node value is resolved first (ID, then name, then ID prefix), and
            // one that names nothing fails the whole request with 404.
            var serviceIds = filter.Services?.Select(value => ResolveService(value).Id).ToHashSet(StringComparer.Ordinal);
            var nodeIds = filter.Nodes?.Select(value => ResolveNode(value).Id).ToHashSet(StringComparer.Ordinal);
            return new ClusterListing(tasks
                .Where(task => Matches(filter, task, serviceIds, nodeIds))
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
                tasks.Add(NewTask(service, slot, NextReadyNode().Id, now, byChange: true));
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
                tasks.Add(NewTask(task.Service, task.Slot, NextReadyNode().Id, now, byChange: true));
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

    /// <summary>Creates an ingress-published service with <paramref name="replicas"/> tasks (docker service create).</summary>
    public SyntheticService Create(string serviceName, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        lock (gate)
        {
            if (services.Any(service => service.Name == serviceName))
            {
                throw new ArgumentException($"service {serviceName} already exists");
            }

            var now = time.GetUtcNow();
            var index = servicesCreated++;
            var service = new SyntheticService
            {
                Id = ids.NextObjectId(),
                Name = serviceName,
                Kind = ServiceKind.Ingress,
                PublishedPort = 20_000 + (index % ClusterSpec.MaxServices),
                VirtualIp = IdSource.OverlayAddress(index),
                CreatedAt = now,
                UpdatedAt = now,
                Replicas = replicas,
                VersionIndex = ++versionIndex,
            };
            services.Add(service);
            for (var slot = 1; slot <= replicas; slot++)
            {
                tasks.Add(NewTask(service, slot, NextReadyNode().Id, now, byChange: true));
            }

            Emit("service", "create", service.Id, new Dictionary<string, string> { ["name"] = service.Name }, now);
            return service;
        }
    }

    /// <summary>Replaces every task of a service with a new one in the same slot (docker service update --force).</summary>
    public void ForceUpdate(string serviceName)
    {
        lock (gate)
        {
            var service = ServiceNamed(serviceName);
            var now = time.GetUtcNow();
            foreach (var task in tasks.Where(task => task.Service == service && task.DesiredState == "running").ToList())
            {
                Stop(task, now);
                tasks.Add(NewTask(service, task.Slot, NextReadyNode().Id, now, byChange: true));
            }

            Touch(service, now);
            Emit("service", "update", service.Id, new Dictionary<string, string>
            {
                ["name"] = service.Name,
                ["updatestate.new"] = "updating",
            }, now);
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

    private static bool Matches(TaskFilter filter, SyntheticTask task, HashSet<string>? serviceIds, HashSet<string>? nodeIds) =>
        (filter.DesiredStates is null || filter.DesiredStates.Contains(task.DesiredState))
        && (serviceIds is null || serviceIds.Contains(task.Service.Id))
        && (nodeIds is null || nodeIds.Contains(task.NodeId))
        && (filter.Ids is null || filter.Ids.Contains(task.Id));

    private SyntheticService ResolveService(string value) =>
        services.FirstOrDefault(service => service.Id == value)
        ?? services.FirstOrDefault(service => service.Name == value)
        ?? (services.Where(service => service.Id.StartsWith(value, StringComparison.Ordinal)).ToList() is [var only] ? only : null)
        ?? throw new KeyNotFoundException($"service {value} not found");

    private SyntheticNode ResolveNode(string value) =>
        nodes.FirstOrDefault(node => node.Id == value)
        ?? nodes.FirstOrDefault(node => node.Hostname == value)
        ?? (nodes.Where(node => node.Id.StartsWith(value, StringComparison.Ordinal)).ToList() is [var only] ? only : null)
        ?? throw new KeyNotFoundException($"node {value} not found");

    /// <summary>Tasks created by a change whose start delay is over are running now.</summary>
    private void StartDueTasks()
    {
        var now = time.GetUtcNow();
        foreach (var task in tasks.Where(task => task.State == "starting" && task.DesiredState == "running" && task.RunningAt <= now))
        {
            task.State = "running";
            task.UpdatedAt = task.RunningAt;
            task.VersionIndex = ++versionIndex;
            task.Json = null;
        }
    }

    private SyntheticTask NewTask(SyntheticService service, int slot, string nodeId, DateTimeOffset at, bool byChange = false) => new()
    {
        State = byChange && StartDelay > TimeSpan.Zero ? "starting" : "running",
        RunningAt = byChange ? at + StartDelay : at,
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

using Dupstream.Contracts;
using Dupstream.Docker;
using Dupstream.Snapshots;

namespace Dupstream.Watching;

/// <summary>
/// Lists the swarm and builds snapshots. A full listing reads nodes, services and running tasks; a task-only
/// listing reuses the last nodes and services (they change only with an event); a change read asks only about
/// the services and nodes that events named (and the tasks of exactly those), and a follow-up poll only about
/// the tasks of services that just changed. A listing that fails in any part throws and leaves what is known as
/// it was: a snapshot is only ever built from complete data.
/// </summary>
internal sealed class SwarmReader(IDockerEngine engine)
{
    /// <summary>More changed objects than this are read with one full listing instead (and keep URLs short).</summary>
    public const int MaxFilterValues = 100;

    /// <summary>Following more services than this polls all tasks instead (a filter of that size costs about as much).</summary>
    public const int MaxFollowed = 500;

    /// <summary>IDs per filtered request (about 4 KB of query).</summary>
    public const int IdsPerRequest = 100;

    private readonly SwarmState state = new();

    public bool HasFullListing { get; private set; }

    /// <summary>Whether the last listing showed a task that should run and has not started yet.</summary>
    public bool TasksStarting => StartingServices.Count > 0;

    /// <summary>The services of the last listing with a task on its way to running.</summary>
    public IReadOnlyCollection<string> StartingServices { get; private set; } = [];

    /// <summary>The services that the last change read found changed and still existing.</summary>
    public IReadOnlyCollection<string> ChangedServices { get; private set; } = [];

    public async Task<SwarmSnapshot> ReadFullAsync(CancellationToken cancellationToken)
    {
        var nodesTask = engine.ListNodesAsync(cancellationToken);
        var servicesTask = engine.ListServicesAsync(cancellationToken);
        var tasksTask = engine.ListRunningTasksAsync(cancellationToken);
        try
        {
            await Task.WhenAll(nodesTask, servicesTask, tasksTask).ConfigureAwait(false);
        }
        catch when (nodesTask.IsFaulted || servicesTask.IsFaulted || tasksTask.IsFaulted)
        {
            // Task.WhenAll reports only the first failure; prefer a swarm-level failure (503 "not a swarm
            // manager") over whatever else broke, as it explains the rest.
            throw FirstFailure(nodesTask, servicesTask, tasksTask);
        }

        var listedTasks = await tasksTask.ConfigureAwait(false);
        state.Replace(await nodesTask.ConfigureAwait(false), await servicesTask.ConfigureAwait(false), listedTasks);
        HasFullListing = true;
        StartingServices = TaskProgress.StartingServices(listedTasks);
        return state.Build();
    }

    public async Task<SwarmSnapshot> ReadTasksAsync(CancellationToken cancellationToken)
    {
        if (!HasFullListing)
        {
            return await ReadFullAsync(cancellationToken).ConfigureAwait(false);
        }

        var tasks = await engine.ListRunningTasksAsync(cancellationToken).ConfigureAwait(false);
        state.ReplaceTasks(tasks);
        StartingServices = TaskProgress.StartingServices(tasks);
        return state.Build();
    }

    /// <summary>Whether <paramref name="changes"/> can be read by itself; otherwise only a full listing answers it.</summary>
    public bool CanReadChanges(ChangeSet changes) =>
        HasFullListing && !changes.Unspecific && changes.Count <= MaxFilterValues;

    /// <summary>
    /// Reads what <paramref name="changes"/> names: the nodes and their tasks, then the services (named, or with
    /// tasks on a named node, which a node change moves elsewhere) and their tasks. Falls back to a full listing
    /// when there is none yet or the set is unspecific or large.
    /// </summary>
    public async Task<SwarmSnapshot> ReadChangesAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (!CanReadChanges(changes))
        {
            var snapshot = await ReadFullAsync(cancellationToken).ConfigureAwait(false);
            ChangedServices = StartingServices;
            return snapshot;
        }

        var serviceIds = new HashSet<string>(changes.Services, StringComparer.Ordinal);
        (IReadOnlyList<EngineNode> Nodes, IReadOnlyList<EngineTask> Tasks)? nodeRead = changes.Nodes.Count == 0 ? null : await ReadNodesAsync(changes.Nodes, cancellationToken).ConfigureAwait(false);
        if (nodeRead is { } nodesAndTasks)
        {
            serviceIds.UnionWith(state.ServicesOnNodes(changes.Nodes));
            serviceIds.UnionWith(nodesAndTasks.Tasks.Select(task => task.ServiceId));
        }

        var serviceRead = serviceIds.Count == 0 ? null : await ReadServicesAsync(serviceIds, withSpecs: true, cancellationToken).ConfigureAwait(false);

        // Everything was read: only now is what is known changed.
        if (nodeRead is { } read)
        {
            state.PatchNodes(changes.Nodes, read.Nodes);
            state.PatchNodeTasks(changes.Nodes, read.Tasks);
        }

        if (serviceRead is { } services)
        {
            Patch(services);
        }

        ChangedServices = serviceIds.Where(state.HasService).ToHashSet(StringComparer.Ordinal);
        StartingServices = TaskProgress.StartingServices(state.TasksOf(ChangedServices));
        return state.Build();
    }

    /// <summary>Lists the tasks of these services only (the polls that follow a change).</summary>
    public async Task<SwarmSnapshot> ReadServiceTasksAsync(IReadOnlyCollection<string> serviceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceIds);
        var known = serviceIds.Where(state.HasService).ToHashSet(StringComparer.Ordinal);
        if (!HasFullListing || known.Count > MaxFollowed)
        {
            return await ReadTasksAsync(cancellationToken).ConfigureAwait(false);
        }

        if (known.Count > 0)
        {
            Patch(await ReadServicesAsync(known, withSpecs: false, cancellationToken).ConfigureAwait(false));
        }

        StartingServices = TaskProgress.StartingServices(state.TasksOf(known));
        return state.Build();
    }

    private void Patch(List<(IReadOnlyCollection<string> Ids, (IReadOnlyList<EngineTask> Tasks, IReadOnlyList<EngineService>? Specs) Read)> parts)
    {
        foreach (var (ids, read) in parts)
        {
            if (read.Specs is { } specs)
            {
                state.PatchServices(ids, specs);
            }

            state.PatchServiceTasks(ids, read.Tasks);
        }
    }

    private async Task<(IReadOnlyList<EngineNode> Nodes, IReadOnlyList<EngineTask> Tasks)> ReadNodesAsync(IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken)
    {
        var nodesListing = engine.ListNodesWithIdsAsync(nodeIds, cancellationToken);
        var (tasks, nodes) = await FilteredTaskListing.ReadAsync(
            nodeIds,
            ids => engine.ListRunningTasksOnNodesAsync(ids, cancellationToken),
            nodesListing,
            () => nodesListing,
            node => node.Id).ConfigureAwait(false);
        return (nodes!, tasks);
    }

    /// <summary>
    /// The tasks (and specs) of these services, <see cref="IdsPerRequest"/> per request: a node change can touch
    /// a few hundred services, and request lines have limits (8 KB in some proxies and servers). Each part is
    /// patched with the IDs it asked about, only once every part was read.
    /// </summary>
    private async Task<List<(IReadOnlyCollection<string> Ids, (IReadOnlyList<EngineTask> Tasks, IReadOnlyList<EngineService>? Specs) Read)>> ReadServicesAsync(
        IReadOnlyCollection<string> serviceIds, bool withSpecs, CancellationToken cancellationToken)
    {
        var parts = new List<(IReadOnlyCollection<string>, (IReadOnlyList<EngineTask>, IReadOnlyList<EngineService>?))>();
        foreach (var chunk in serviceIds.Chunk(IdsPerRequest))
        {
            parts.Add((chunk, await ReadServiceChunkAsync(chunk, withSpecs, cancellationToken).ConfigureAwait(false)));
        }

        return parts;
    }

    private Task<(IReadOnlyList<EngineTask> Tasks, IReadOnlyList<EngineService>? Specs)> ReadServiceChunkAsync(IReadOnlyCollection<string> serviceIds, bool withSpecs, CancellationToken cancellationToken) =>
        FilteredTaskListing.ReadAsync(
            serviceIds,
            ids => engine.ListRunningTasksOfServicesAsync(ids, cancellationToken),
            withSpecs ? engine.ListServicesWithIdsAsync(serviceIds, cancellationToken) : null,
            () => engine.ListServicesWithIdsAsync(serviceIds, cancellationToken),
            service => service.Id);

    private static Exception FirstFailure(params Task[] tasks) =>
        tasks.Where(task => task.IsFaulted).Select(task => task.Exception!.InnerException ?? task.Exception!).First();
}

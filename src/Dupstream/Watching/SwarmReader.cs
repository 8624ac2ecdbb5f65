using Dupstream.Contracts;
using Dupstream.Docker;
using Dupstream.Snapshots;

namespace Dupstream.Watching;

/// <summary>
/// Lists the swarm and builds snapshots. A full listing reads nodes, services and running tasks; a task-only
/// listing reuses the last nodes and services (they change only with an event). A listing that fails in any
/// part throws and leaves the cache as it was: a snapshot is only ever built from complete data.
/// </summary>
internal sealed class SwarmReader(IDockerEngine engine)
{
    private IReadOnlyList<EngineNode>? nodes;
    private IReadOnlyList<EngineService>? services;

    public bool HasFullListing => nodes is not null && services is not null;

    /// <summary>Whether the last listing showed a task that should run and has not started yet.</summary>
    public bool TasksStarting { get; private set; }

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

        var listedNodes = await nodesTask.ConfigureAwait(false);
        var listedServices = await servicesTask.ConfigureAwait(false);
        var listedTasks = await tasksTask.ConfigureAwait(false);
        nodes = listedNodes;
        services = listedServices;
        TasksStarting = TaskProgress.AnyStarting(listedTasks);
        return SnapshotBuilder.Build(listedNodes, listedServices, listedTasks);
    }

    public async Task<SwarmSnapshot> ReadTasksAsync(CancellationToken cancellationToken)
    {
        if (nodes is null || services is null)
        {
            return await ReadFullAsync(cancellationToken).ConfigureAwait(false);
        }

        var knownNodes = nodes;
        var knownServices = services;
        var tasks = await engine.ListRunningTasksAsync(cancellationToken).ConfigureAwait(false);
        TasksStarting = TaskProgress.AnyStarting(tasks);
        return SnapshotBuilder.Build(knownNodes, knownServices, tasks);
    }

    private static Exception FirstFailure(params Task[] tasks) =>
        tasks.Where(task => task.IsFaulted).Select(task => task.Exception!.InnerException ?? task.Exception!).First();
}

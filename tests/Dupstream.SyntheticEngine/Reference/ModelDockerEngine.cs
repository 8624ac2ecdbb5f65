using Docker.DotNet;
using Docker.DotNet.Models;
using Dupstream.Docker;

namespace Dupstream.SyntheticEngine.Reference;

/// <summary>
/// Listings through Docker.DotNet.Enhanced's full models and <see cref="EngineModelMapper"/>: the watcher's first
/// implementation, kept as the reference <see cref="DockerEngine"/>'s lean readers are tested against (same
/// records from the same engine) and as the baseline of the scale benchmark. Not used by the running watcher.
/// </summary>
internal sealed class ModelDockerEngine(IDockerClient client) : IDisposable
{
    public async Task<IReadOnlyList<EngineNode>> ListNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = await client.Swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        return (nodes ?? throw new InvalidDataException("The engine answered /nodes with null."))
            .Select(EngineModelMapper.ToNode).ToList();
    }

    public async Task<IReadOnlyList<EngineService>> ListServicesAsync(CancellationToken cancellationToken)
    {
        var services = await client.Swarm.ListServicesAsync(new ServiceListParameters(), cancellationToken).ConfigureAwait(false);
        return (services ?? throw new InvalidDataException("The engine answered /services with null."))
            .Select(EngineModelMapper.ToService).ToList();
    }

    public async Task<IReadOnlyList<EngineTask>> ListRunningTasksAsync(CancellationToken cancellationToken)
    {
        var parameters = new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
            },
        };
        var tasks = await client.Tasks.ListAsync(parameters, cancellationToken).ConfigureAwait(false);
        return (tasks ?? throw new InvalidDataException("The engine answered /tasks with null."))
            .Select(EngineModelMapper.ToTask).ToList();
    }

    public void Dispose() => client.Dispose();
}

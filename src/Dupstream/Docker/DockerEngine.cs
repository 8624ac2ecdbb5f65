using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dupstream.Docker;

/// <summary>The <see cref="IDockerEngine"/> backed by Docker.DotNet.Enhanced.</summary>
internal sealed class DockerEngine(IDockerClient client) : IDockerEngine, IDisposable
{
    public Task PingAsync(CancellationToken cancellationToken) => client.System.PingAsync(cancellationToken);

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

    public Task<IEngineEventStream> SubscribeAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var parameters = new ContainerEventsParameters
        {
            Since = EventSince.Format(since),
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["service"] = true, ["node"] = true },
            },
        };
        return Task.FromResult<IEngineEventStream>(new DockerEventSubscription(client.System, parameters, cancellationToken));
    }

    public void Dispose() => client.Dispose();
}

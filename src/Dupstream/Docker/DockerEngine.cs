using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dupstream.Docker;

/// <summary>
/// The <see cref="IDockerEngine"/> the watcher runs on. Listings are stream-parsed by our own readers (only the
/// fields the snapshot needs; a 20,000-task listing costs a fraction of the library's full models, see
/// docs/benchmarks.md); ping and the event stream go through Docker.DotNet.Enhanced, over the same endpoint.
/// ModelDockerEngine (tests/Dupstream.SyntheticEngine) is the full-model reference these listings are tested against.
/// </summary>
internal sealed class DockerEngine : IDockerEngine, IDisposable
{
    private readonly IDockerClient client;
    private readonly EngineListingClient listings;
    private IdPool? taskIds = new();

    public DockerEngine(IDockerClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        listings = new EngineListingClient(client.Options, DockerClientFactory.RequestTimeout);
    }

    public Task PingAsync(CancellationToken cancellationToken) => client.System.PingAsync(cancellationToken);

    public async Task<IReadOnlyList<EngineNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        await listings.GetAsync<EngineNode>(EngineListingPaths.Nodes, NodeJsonReader.TryRead, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<EngineService>> ListServicesAsync(CancellationToken cancellationToken) =>
        await listings.GetAsync<EngineService>(EngineListingPaths.Services, ServiceJsonReader.TryRead, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<EngineNode>> ListNodesWithIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await listings.GetAsync<EngineNode>(EngineListingPaths.NodesWithIds(ids), NodeJsonReader.TryRead, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<EngineService>> ListServicesWithIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await listings.GetAsync<EngineService>(EngineListingPaths.ServicesWithIds(ids), ServiceJsonReader.TryRead, cancellationToken).ConfigureAwait(false);

    // Small filtered listings go unpooled: the pool's generations follow the full listings only.
    public async Task<IReadOnlyList<EngineTask>> ListRunningTasksOfServicesAsync(IReadOnlyCollection<string> serviceIds, CancellationToken cancellationToken) =>
        await listings.GetAsync<EngineTask>(EngineListingPaths.RunningTasksOfServices(serviceIds), TaskJsonReader.Unpooled, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<EngineTask>> ListRunningTasksOnNodesAsync(IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken) =>
        await listings.GetAsync<EngineTask>(EngineListingPaths.RunningTasksOnNodes(nodeIds), TaskJsonReader.Unpooled, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<EngineTask>> ListRunningTasksAsync(CancellationToken cancellationToken)
    {
        // The refresh loop lists tasks one at a time; should two listings ever overlap, the second goes unpooled.
        var pool = Interlocked.Exchange(ref taskIds, null);
        var complete = false;
        try
        {
            var tasks = await listings.GetAsync<EngineTask>(EngineListingPaths.RunningTasks, new TaskJsonReader(pool ?? new IdPool()).TryRead, cancellationToken).ConfigureAwait(false);
            complete = true;
            return tasks;
        }
        finally
        {
            if (pool is not null)
            {
                // Only a complete listing moves the pool on; a broken one must not make it forget live IDs.
                if (complete)
                {
                    pool.EndListing();
                }

                taskIds = pool;
            }
        }
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

    public void Dispose()
    {
        listings.Dispose();
        client.Dispose();
    }
}

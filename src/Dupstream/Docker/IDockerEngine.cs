namespace Dupstream.Docker;

/// <summary>
/// The only engine calls the watcher makes. Any failure (unreachable, 503 "not a swarm manager", bad data)
/// surfaces as an exception, never as an empty list.
/// </summary>
internal interface IDockerEngine
{
    /// <summary>Answers when the engine's API is up (used before re-subscribing to events).</summary>
    Task PingAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<EngineNode>> ListNodesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<EngineService>> ListServicesAsync(CancellationToken cancellationToken);

    /// <summary>Tasks whose desired state is running (filtered by the engine: the cheap idle poll).</summary>
    Task<IReadOnlyList<EngineTask>> ListRunningTasksAsync(CancellationToken cancellationToken);

    /// <summary>The nodes among <paramref name="ids"/> that exist (one filtered request).</summary>
    Task<IReadOnlyList<EngineNode>> ListNodesWithIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>The services among <paramref name="ids"/> that exist (one filtered request).</summary>
    Task<IReadOnlyList<EngineService>> ListServicesWithIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Running-desired tasks of these services (one filtered request). The engine answers 404 when one of them
    /// no longer exists, which surfaces as <see cref="global::Docker.DotNet.DockerApiException"/>.
    /// </summary>
    Task<IReadOnlyList<EngineTask>> ListRunningTasksOfServicesAsync(IReadOnlyCollection<string> serviceIds, CancellationToken cancellationToken);

    /// <summary>Running-desired tasks on these nodes (one filtered request; 404 when one no longer exists).</summary>
    Task<IReadOnlyList<EngineTask>> ListRunningTasksOnNodesAsync(IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the /events stream for service and node events since <paramref name="since"/> (the engine replays what
    /// happened since then, so a late connection loses nothing). The stream yields events until it breaks
    /// (ReadAsync throws) or the engine closes it (ReadAsync returns null).
    /// </summary>
    Task<IEngineEventStream> SubscribeAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

using System.Net;
using System.Threading.Channels;
using Docker.DotNet;
using Dupstream.Docker;

namespace Dupstream.Tests.Support;

/// <summary>
/// A scriptable engine for refresh-loop tests: holds a cluster state, counts calls, can fail on demand and
/// feeds events through subscriptions the test controls.
/// </summary>
internal sealed class FakeEngine : IDockerEngine
{
    private readonly Lock gate = new();
    private int nodeCalls;
    private int serviceCalls;
    private int taskCalls;
    private int subscribeCalls;
    private int filteredCalls;

    public IReadOnlyList<EngineNode> Nodes { get; set; } = [];

    public IReadOnlyList<EngineService> Services { get; set; } = [];

    public IReadOnlyList<EngineTask> Tasks { get; set; } = [];

    /// <summary>When set, every call fails with it (the engine is down or not a swarm manager).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, only the task listing fails: a listing that breaks halfway.</summary>
    public Exception? TaskFailure { get; set; }

    public int NodeCalls => Volatile.Read(ref nodeCalls);

    public int ServiceCalls => Volatile.Read(ref serviceCalls);

    public int TaskCalls => Volatile.Read(ref taskCalls);

    public int SubscribeCalls => Volatile.Read(ref subscribeCalls);

    /// <summary>Requests filtered by ID, service or node (the cheap reads after a change).</summary>
    public int FilteredCalls => Volatile.Read(ref filteredCalls);

    /// <summary>The filter values of every filtered request, in order ("services:a,b", "tasks-of:a", ...).</summary>
    public List<string> FilteredRequests { get; } = [];

    public List<DateTimeOffset> SubscribedSince { get; } = [];

    public Channel<EngineEvent>? CurrentStream { get; private set; }

    public Task PingAsync(CancellationToken cancellationToken) =>
        Failure is { } failure ? Task.FromException(failure) : Task.CompletedTask;

    public Task<IReadOnlyList<EngineNode>> ListNodesAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref nodeCalls);
        return Failure is { } failure ? Task.FromException<IReadOnlyList<EngineNode>>(failure) : Task.FromResult(Nodes);
    }

    public Task<IReadOnlyList<EngineService>> ListServicesAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref serviceCalls);
        return Failure is { } failure ? Task.FromException<IReadOnlyList<EngineService>>(failure) : Task.FromResult(Services);
    }

    public Task<IReadOnlyList<EngineTask>> ListRunningTasksAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref taskCalls);
        var failure = Failure ?? TaskFailure;
        return failure is not null ? Task.FromException<IReadOnlyList<EngineTask>>(failure) : Task.FromResult(Tasks);
    }

    public Task<IReadOnlyList<EngineNode>> ListNodesWithIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Filtered("nodes", ids, () => Nodes.Where(node => ids.Contains(node.Id)).ToList());

    public Task<IReadOnlyList<EngineService>> ListServicesWithIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Filtered("services", ids, () => Services.Where(service => ids.Contains(service.Id)).ToList());

    // As the engine: every value must name an existing service (or node), else the whole request is a 404.
    public Task<IReadOnlyList<EngineTask>> ListRunningTasksOfServicesAsync(IReadOnlyCollection<string> serviceIds, CancellationToken cancellationToken) =>
        Filtered("tasks-of", serviceIds, () => serviceIds.FirstOrDefault(id => Services.All(service => service.Id != id)) is { } missing
            ? throw new DockerApiException(HttpStatusCode.NotFound, $"{{\"message\":\"service {missing} not found\"}}")
            : Tasks.Where(task => task.DesiredState == "running" && serviceIds.Contains(task.ServiceId)).ToList(), TaskFailure);

    public Task<IReadOnlyList<EngineTask>> ListRunningTasksOnNodesAsync(IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken) =>
        Filtered("tasks-on", nodeIds, () => nodeIds.FirstOrDefault(id => Nodes.All(node => node.Id != id)) is { } missing
            ? throw new DockerApiException(HttpStatusCode.NotFound, $"{{\"message\":\"node {missing} not found\"}}")
            : Tasks.Where(task => task.DesiredState == "running" && nodeIds.Contains(task.NodeId)).ToList(), TaskFailure);

    public Task<IEngineEventStream> SubscribeAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            SubscribedSince.Add(since);
            var channel = Channel.CreateUnbounded<EngineEvent>();
            CurrentStream = channel;
            // Counted last: a test that waits for the count then reads the stream and the list (it once read a null stream).
            Interlocked.Increment(ref subscribeCalls);
            return Task.FromResult<IEngineEventStream>(new Stream(channel));
        }
    }

    private Task<IReadOnlyList<T>> Filtered<T>(string what, IReadOnlyCollection<string> ids, Func<List<T>> list, Exception? extraFailure = null)
    {
        lock (gate)
        {
            FilteredRequests.Add($"{what}:{string.Join(',', ids.Order(StringComparer.Ordinal))}");
            Interlocked.Increment(ref filteredCalls);
        }

        try
        {
            var failure = Failure ?? extraFailure;
            return failure is not null ? Task.FromException<IReadOnlyList<T>>(failure) : Task.FromResult<IReadOnlyList<T>>(list());
        }
        catch (DockerApiException exception)
        {
            return Task.FromException<IReadOnlyList<T>>(exception);
        }
    }

    private sealed class Stream(Channel<EngineEvent> channel) : IEngineEventStream
    {
        public async ValueTask<EngineEvent?> ReadAsync(CancellationToken cancellationToken) =>
            await channel.Reader.WaitToReadAsync(cancellationToken) && channel.Reader.TryRead(out var engineEvent) ? engineEvent : null;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

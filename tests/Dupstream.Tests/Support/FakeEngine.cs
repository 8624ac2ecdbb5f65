using System.Threading.Channels;
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

    public Task<IEngineEventStream> SubscribeAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref subscribeCalls);
        lock (gate)
        {
            SubscribedSince.Add(since);
            var channel = Channel.CreateUnbounded<EngineEvent>();
            CurrentStream = channel;
            return Task.FromResult<IEngineEventStream>(new Stream(channel));
        }
    }

    private sealed class Stream(Channel<EngineEvent> channel) : IEngineEventStream
    {
        public async ValueTask<EngineEvent?> ReadAsync(CancellationToken cancellationToken) =>
            await channel.Reader.WaitToReadAsync(cancellationToken) && channel.Reader.TryRead(out var engineEvent) ? engineEvent : null;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

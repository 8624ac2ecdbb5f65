using System.Collections.Concurrent;
using Dupstream.Delivery;
using Dupstream.Snapshots;

namespace Dupstream.Tests.Support;

/// <summary>
/// An in-memory target: records every attempt (with the fake clock's time) and answers with whatever the test
/// scripted, default 200. It can also hold an attempt open until the test releases it (a slow target).
/// </summary>
internal sealed class FakeTarget(string name, TimeProvider time) : ITarget
{
    private readonly ConcurrentQueue<Func<CancellationToken, Task<DeliveryResult>>> script = new();
    private readonly ConcurrentQueue<Attempt> attempts = new();

    public string Display => name;

    public IReadOnlyList<Attempt> Attempts => [.. attempts];

    public void Then(DeliveryResult result) => script.Enqueue(_ => System.Threading.Tasks.Task.FromResult(result));

    public void ThenFail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Then(DeliveryResult.Failed("scripted failure"));
        }
    }

    /// <summary>The next attempt blocks until <paramref name="release"/> completes (or the worker is cancelled).</summary>
    public void ThenHang(TaskCompletionSource<DeliveryResult> release) =>
        script.Enqueue(cancellationToken => release.Task.WaitAsync(cancellationToken));

    public async Task<DeliveryResult> SendAsync(CanonicalSnapshot snapshot, CancellationToken cancellationToken)
    {
        var step = script.TryDequeue(out var next) ? next : _ => System.Threading.Tasks.Task.FromResult(DeliveryResult.Answered(200));
        var attempt = new Attempt(snapshot, time.GetUtcNow());
        attempts.Enqueue(attempt);
        var result = await step(cancellationToken);
        attempt.Result = result;
        return result;
    }

    internal sealed class Attempt(CanonicalSnapshot snapshot, DateTimeOffset at)
    {
        public CanonicalSnapshot Snapshot { get; } = snapshot;

        public DateTimeOffset At { get; } = at;

        public DeliveryResult? Result { get; set; }
    }
}

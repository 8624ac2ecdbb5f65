using Dupstream.Bench.Latency.Engine;
using Dupstream.Bench.Latency.Targets;

namespace Dupstream.Bench.Latency.Measure;

/// <summary>
/// One round: create a service and time its arrival at the recording target, then remove it and
/// time its departure. Every service it creates is remembered so the run can clean up after itself.
/// </summary>
internal sealed class RoundRunner(
    EngineApi engine, SnapshotRecorder recorder, CountingEngineProxy proxy, TimeProvider time, string image, TimeSpan timeout, ISet<string> created, ISet<string> removed)
{
    private readonly TaskStatePoller poller = new(engine, time);

    public async Task<RoundResult> RunAsync(int round, string serviceName, int port, CancellationToken cancellationToken)
    {
        // Only POSTs that arrive after the change was asked for can report it.
        var before = recorder.Count;
        var id = await engine.CreateWebServiceAsync(serviceName, port, image, cancellationToken).ConfigureAwait(false);
        var createdAt = time.GetTimestamp();
        created.Add(id);
        var running = poller.WaitUntilRunningAsync(serviceName, timeout, cancellationToken);
        var delivered = recorder.WaitForAsync(
            before, s => s.Services.Any(x => x.Name == serviceName && x.Nodes.Count > 0), timeout, cancellationToken);
        await Task.WhenAll(running, delivered).ConfigureAwait(false);
        double? appear = await running.ConfigureAwait(false) is { } t0 && await delivered.ConfigureAwait(false) is { } t1
            ? time.GetElapsedTime(t0, t1.Timestamp).TotalMilliseconds
            : null;
        double? toRunning = await running.ConfigureAwait(false) is { } runningAt
            ? time.GetElapsedTime(createdAt, runningAt).TotalMilliseconds
            : null;
        double? askToPost = await delivered.ConfigureAwait(false) is { } post && proxy.LastRequestAtOrBefore(post.Timestamp) is { } asked
            ? time.GetElapsedTime(asked, post.Timestamp).TotalMilliseconds
            : null;

        before = recorder.Count;
        await engine.RemoveServiceAsync(id, cancellationToken).ConfigureAwait(false);
        var removedAt = time.GetTimestamp();
        created.Remove(id);
        removed.Add(id);
        double? remove = null;
        // When the target never saw the service, any later POST lacks it: that would time nothing.
        if (await delivered.ConfigureAwait(false) is not null)
        {
            var gone = await recorder.WaitForAsync(before, s => s.Services.All(x => x.Name != serviceName), timeout, cancellationToken)
                .ConfigureAwait(false);
            remove = gone is null ? null : time.GetElapsedTime(removedAt, gone.Timestamp).TotalMilliseconds;
        }
        return new RoundResult(round, serviceName, appear, remove, askToPost, toRunning);
    }
}

using System.Diagnostics;
using Dupstream.SyntheticEngine.Http;

namespace Dupstream.Bench.Scale;

/// <summary>
/// What one service change costs the engine, beyond idling (issue 14). The watcher runs at period 3 s; after it
/// settles, one idle minute gives the idle bytes per minute; then each change (create, scale, update --force,
/// rm; new tasks take <see cref="StartDelay"/> to start, as a real engine's do) is followed by a quiet window,
/// and the listings in that window that the change caused are counted: every request that asked about
/// particular objects, every /nodes and /services listing, and every whole /tasks listing that came sooner
/// than 0.9 periods after the listing before it (fast polls); a whole /tasks listing a period after the last
/// one is the idle poll that would have happened anyway.
/// </summary>
internal static class ChangeCost
{
    public static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(60);
    private static readonly string[] Kinds = ["create", "scale", "update --force", "rm"];

    public static async Task<ChangeCostResult> MeasureAsync(string watcher, Dupstream.SyntheticEngine.SyntheticEngine engine, int rounds, CancellationToken cancellationToken)
    {
        await using var sink = await SnapshotSink.StartAsync().ConfigureAwait(false);
        engine.Cluster.StartDelay = StartDelay;
        await using var process = WatcherLaunch.Start(watcher, engine, sink);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (sink.Posts == 0)
            {
                if (process.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new InvalidOperationException($"{watcher} never delivered a snapshot; last lines:\n{process.Tail(30)}");
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            engine.Traffic.Reset();
            await Task.Delay(IdleWindow, cancellationToken).ConfigureAwait(false);
            var idleBytesPerMinute = engine.Traffic.Log.Sum(record => record.Bytes) * (60 / IdleWindow.TotalSeconds);

            var costs = Kinds.ToDictionary(kind => kind, _ => new List<(double Requests, double Bytes)>(), StringComparer.Ordinal);
            var existing = engine.Cluster.Services.Where(service => service.Kind != Dupstream.SyntheticEngine.Cluster.ServiceKind.NoPorts).ToList();
            for (var round = 0; round < rounds; round++)
            {
                var name = $"changecost{round}x{Environment.ProcessId}";
                var (scaled, updated) = (existing[(2 * round) + 1], existing[(2 * round) + 2]);
                foreach (var kind in Kinds)
                {
                    engine.Traffic.Reset();
                    var at = Stopwatch.GetTimestamp();
                    switch (kind)
                    {
                        case "create": engine.Cluster.Create(name, 10); break;
                        case "scale": engine.Cluster.Scale(scaled.Name, scaled.Replicas + 2); break;
                        case "update --force": engine.Cluster.ForceUpdate(updated.Name); break;
                        default: engine.Cluster.Remove(name); break;
                    }

                    await Task.Delay(Window, cancellationToken).ConfigureAwait(false);
                    costs[kind].Add(Caused(engine.Traffic.Log, at));
                }
            }

            return new ChangeCostResult(idleBytesPerMinute, Kinds.Select(kind => (kind, Stats.Median(costs[kind].Select(c => c.Requests).ToList()), Stats.Median(costs[kind].Select(c => c.Bytes).ToList()))).ToList());
        }
        finally
        {
            engine.Cluster.StartDelay = TimeSpan.Zero;
            await process.StopAsync(WatcherLaunch.StopGrace).ConfigureAwait(false);
        }
    }

    private static (double Requests, double Bytes) Caused(IReadOnlyList<ListingRecord> log, long changeTimestamp)
    {
        var idleGap = TimeSpan.FromSeconds(WatcherLaunch.PeriodSeconds * 0.9);
        long? previous = null;
        double requests = 0, bytes = 0;
        foreach (var record in log.OrderBy(record => record.StartedTimestamp))
        {
            var afterChange = record.StartedTimestamp >= changeTimestamp;
            var idlePoll = record is { Endpoint: "/tasks", FilteredByObject: false }
                && (previous is null ? Stopwatch.GetElapsedTime(changeTimestamp, record.StartedTimestamp) >= idleGap : Stopwatch.GetElapsedTime(previous.Value, record.StartedTimestamp) >= idleGap)
                && !log.Any(other => other.Endpoint == "/nodes" && Math.Abs(Stopwatch.GetElapsedTime(other.StartedTimestamp, record.StartedTimestamp).TotalMilliseconds) < 50);
            if (afterChange && !idlePoll)
            {
                requests++;
                bytes += record.Bytes;
            }

            previous = record.StartedTimestamp;
        }

        return (requests, bytes);
    }
}

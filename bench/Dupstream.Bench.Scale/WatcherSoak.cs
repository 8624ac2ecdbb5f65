using System.Diagnostics;

namespace Dupstream.Bench.Scale;

/// <summary>
/// Runs the real watcher process against the synthetic engine for a while: samples its memory and CPU through
/// /proc every half second, changes the cluster now and then (so full listings and deliveries happen too), and
/// reads what the engine served. "Steady" is the median over the second half, after start-up settled.
/// </summary>
internal static class WatcherSoak
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(500);

    public static async Task<SoakResult> RunAsync(string watcher, Dupstream.SyntheticEngine.SyntheticEngine engine, TimeSpan duration, TimeSpan changeEvery, string? logPath, CancellationToken cancellationToken)
    {
        await using var sink = await SnapshotSink.StartAsync().ConfigureAwait(false);
        engine.Traffic.Reset();
        await using var process = WatcherLaunch.Start(watcher, engine, sink, logPath);
        var started = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        var samples = new List<(double At, ProcSample Sample)>();
        double firstPost = double.NaN;
        var changes = 0;
        var changeSeconds = new List<double>();
        var nextChange = changeEvery;
        var nodes = engine.Cluster.Nodes;
        (long Requests, double Cpu)? half = null;
        try
        {
            while (clock.Elapsed < duration)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The watcher exited early ({process.ExitCode}): {process.StandardError}");
                }

                if (ProcSample.Read(process.Id) is { } sample)
                {
                    samples.Add((clock.Elapsed.TotalSeconds, sample));
                    if (half is null && clock.Elapsed >= duration / 2)
                    {
                        half = (TaskRequests(engine), sample.CpuSeconds);
                    }
                }

                if (double.IsNaN(firstPost) && sink.Posts > 0)
                {
                    firstPost = clock.Elapsed.TotalSeconds;
                }

                if (nodes.Count > 1 && clock.Elapsed >= nextChange)
                {
                    // Drain a worker, next time make it active again (its tasks stay where they moved): each is an
                    // event, a full listing and a changed snapshot to deliver.
                    var node = nodes[1 + (changes / 2 % (nodes.Count - 1))];
                    if (changes % 2 == 0)
                    {
                        engine.Cluster.Drain(node.Hostname);
                    }
                    else
                    {
                        engine.Cluster.Activate(node.Hostname);
                    }

                    changeSeconds.Add(clock.Elapsed.TotalSeconds);
                    changes++;
                    nextChange += changeEvery;
                }

                await Task.Delay(SampleEvery, cancellationToken).ConfigureAwait(false);
            }

            var last = ProcSample.Read(process.Id) ?? samples[^1].Sample;
            var late = samples.Where(s => s.At >= duration.TotalSeconds / 2).Select(s => (double)s.Sample.RssKb).ToList();
            // Whole listings only: the small filtered reads that follow a change are counted by ChangeCost.
            var listings = engine.Traffic.Log;
            var tasks = listings.Where(record => record.Endpoint == "/tasks" && !record.FilteredByObject).ToList();
            var lateRequests = tasks.Count - (half?.Requests ?? 0);
            var lateCpu = last.CpuSeconds - (half?.Cpu ?? 0);
            return new SoakResult(
                clock.Elapsed.TotalSeconds,
                last.PeakRssKb,
                (long)Stats.Median(late),
                (long)late.Max(),
                last.CpuSeconds,
                lateRequests > 0 ? lateCpu * 1000 / lateRequests : double.NaN,
                tasks.Count,
                listings.Count(record => record.Endpoint == "/services" && !record.FilteredByObject),
                tasks.Count > 0 ? tasks.Average(record => (double)record.Bytes) : double.NaN,
                engine.Traffic.Read().GetValueOrDefault("/tasks").Milliseconds is { Count: > 0 } ms ? Stats.Median(ms) : double.NaN,
                firstPost,
                sink.Posts,
                changes,
                changeSeconds,
                [.. sink.PostTimestamps.Select(at => Stopwatch.GetElapsedTime(started, at).TotalSeconds)]);
        }
        finally
        {
            await process.StopAsync(WatcherLaunch.StopGrace).ConfigureAwait(false);
        }
    }

    private static long TaskRequests(Dupstream.SyntheticEngine.SyntheticEngine engine) =>
        engine.Traffic.Log.Count(record => record.Endpoint == "/tasks" && !record.FilteredByObject);
}

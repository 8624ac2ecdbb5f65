using System.Globalization;
using Dupstream.Bench.Reloads.Cluster;
using Dupstream.Bench.Reloads.Load;
using Dupstream.Bench.Reloads.Receiver;
using Dupstream.Bench.Reloads.Report;

namespace Dupstream.Bench.Reloads.Run;

/// <summary>Every run asked for (each size, each mode, file mode first), one summary at the end.</summary>
internal static class BenchRun
{
    /// <summary>The services the plan changes or streams through; the rest of a size is filler.</summary>
    private const int PlanServices = 3;

    public static async Task<int> RunAsync(RunSettings settings, IReadOnlyList<ApplyMode> modes, IReadOnlyList<int> sizes, string outFile, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var port = FreePort.Next();
        var header = Invariant($"""
            Machine: {Environment.ProcessorCount} cores ({CpuModel()}), load before the run `{File.ReadAllText("/proc/loadavg").Trim()}`, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
            nginx worker_processes {settings.WorkerProcesses}; {settings.Streams} streaming clients (a byte every {settings.StreamInterval.TotalMilliseconds:0} ms; each connection held {settings.StreamLifetime.TotalSeconds:0} s, then a new one, staggered); {settings.RequestLoops} keep-alive request loops (a request every {settings.RequestPace.TotalMilliseconds:0} ms each); {settings.RollingChanges} rolling-update steps ({ChangePlan.Replicas} replicas) + {settings.ScaleChanges} scale steps (1 <-> {ChangePlan.ScaledUp}) per run, {settings.Gap.TotalMilliseconds:0} ms between changes; {settings.Nodes} loopback nodes.

            """);
        log.Write(header);
        var runs = new List<RunResult>();
        await using (var backends = await LoopbackBackends.StartAsync(settings.Nodes, port, settings.StreamInterval, cancellationToken).ConfigureAwait(false))
        {
            foreach (var size in sizes)
            {
                var cluster = new BenchCluster(settings.Nodes, port, Math.Max(0, size - PlanServices));
                foreach (var mode in modes)
                {
                    log.WriteLine(Invariant($"== {mode} mode, {PlanServices + cluster.FillerServices:N0} upstreams"));
                    var run = await ModeRun.RunAsync(settings, mode, PlanServices + cluster.FillerServices, cluster, log, cancellationToken).ConfigureAwait(false);
                    log.WriteLine(run.NotRun is null ? Invariant($"   done in {run.Duration.TotalSeconds:0.0} s") : $"   not run: {run.NotRun}");
                    runs.Add(run);
                }
            }
        }

        var summary = header + SummaryTable.Render(runs);
        await File.WriteAllTextAsync(outFile, summary, cancellationToken).ConfigureAwait(false);
        log.WriteLine();
        log.Write(summary);
        return 0;
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

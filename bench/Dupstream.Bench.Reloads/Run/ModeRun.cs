using System.Diagnostics;
using Dupstream.Bench.Reloads.Cluster;
using Dupstream.Bench.Reloads.Load;
using Dupstream.Bench.Reloads.Nginx;
using Dupstream.Bench.Reloads.Receiver;

namespace Dupstream.Bench.Reloads.Run;

/// <summary>
/// One run: a fresh nginx and receiver in one mode, the snapshot at one size, the streams and request loops
/// running, then every change of the <see cref="ChangePlan"/> posted and probed in turn.
/// </summary>
internal static class ModeRun
{
    public static async Task<RunResult> RunAsync(RunSettings settings, ApplyMode mode, int upstreams, BenchCluster cluster, TextWriter log, CancellationToken cancellationToken)
    {
        var plan = new ChangePlan(settings.Nodes, settings.RollingChanges, settings.ScaleChanges);
        // nginx first, then the receiver: the receiver checks its lua files with nginx -t when it starts, which needs
        // nginx's config in place. (nginx does not load dupstream-lua.conf until the first apply reloads it.)
        await using var nginx = BenchNginx.Create(settings.WorkerProcesses);
        await nginx.StartAsync(cancellationToken).ConfigureAwait(false);
        var logFile = Path.Combine(settings.OutputDirectory, $"reloads-receiver-{Name(mode, upstreams)}.log");
        ReceiverProcess receiver;
        try
        {
            receiver = await ReceiverProcess.StartAsync(settings.ReceiverExecutable, mode, nginx, logFile, cancellationToken).ConfigureAwait(false);
        }
        catch (ReceiverRefusedException refused) when (mode == ApplyMode.Lua)
        {
            return new RunResult { Mode = mode, Upstreams = upstreams, NotRun = refused.Message };
        }

        await using (receiver.ConfigureAwait(false))
        {
            try
            {
                return await MeasureAsync(settings, mode, upstreams, cluster, plan, nginx, receiver, log, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // nginx's own account of the run (reloads, workers exiting, Lua errors), kept after its prefix is deleted.
                if (File.Exists(nginx.ErrorLog))
                {
                    File.Copy(nginx.ErrorLog, Path.Combine(settings.OutputDirectory, $"reloads-nginx-{Name(mode, upstreams)}.log"), overwrite: true);
                }
            }
        }
    }

    private static string Name(ApplyMode mode, int upstreams) => $"{mode.ToString().ToLowerInvariant()}-{upstreams}";

    private static async Task<RunResult> MeasureAsync(RunSettings settings, ApplyMode mode, int upstreams, BenchCluster cluster, ChangePlan plan, BenchNginx nginx, ReceiverProcess receiver, TextWriter log, CancellationToken cancellationToken)
    {
        var placement = plan.Initial.ToDictionary(StringComparer.Ordinal);
        var first = await receiver.PostAsync(cluster.Snapshot(placement), cancellationToken).ConfigureAwait(false);
        log.WriteLine($"   first apply: {first.Result} in {first.RoundTripMs:0} ms");
        await nginx.AddSiteAsync(BenchNginx.Services).ConfigureAwait(false);
        // Settled: the site answers and the same WorkerProcesses workers have been the only ones for a while (a
        // reload still being read by the master would otherwise start the run with its old workers counted).
        var workers = "";
        var since = Stopwatch.GetTimestamp();
        await Eventually.UntilAsync(
            async () =>
            {
                var now = WorkerSampler.Workers(nginx.MasterProcessId);
                var key = string.Join(',', now.Order());
                if (key != workers)
                {
                    (workers, since) = (key, Stopwatch.GetTimestamp());
                }

                return now.Count == settings.WorkerProcesses
                    && Stopwatch.GetElapsedTime(since) >= TimeSpan.FromMilliseconds(500)
                    && (await FreshConnectionGet.SendAsync(nginx.ProxyPort, $"/{ChangePlan.StreamService}/id", cancellationToken).ConfigureAwait(false)).Status == 200
                    ? "ready" : null;
            },
            TimeSpan.FromSeconds(30),
            "nginx to proxy to the services with only its current workers").ConfigureAwait(false);

        await using var streams = StreamingClients.Start(nginx.ProxyPort, ChangePlan.StreamService, settings.Streams, settings.StreamLifetime);
        await Eventually.UntilAsync(
            () => Task.FromResult<string?>(streams.Streaming == settings.Streams ? "streaming" : null),
            TimeSpan.FromSeconds(30),
            $"all {settings.Streams} streams to receive their first byte").ConfigureAwait(false);
        log.WriteLine($"   {streams.Streaming} streams open through nginx; changing now");

        var before = await receiver.CountersAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var probe = new RoutingProbe(nginx.ProxyPort, settings.ProbeDeadline);
        var records = new List<ChangeRecord>();
        IReadOnlyList<int> samples;
        long requests, failed;
        IReadOnlyList<string> firstFailures;
        await using (var sampler = WorkerSampler.Start(nginx.MasterProcessId, settings.SampleInterval))
        {
            await using (var loops = RequestLoops.Start(nginx.ProxyPort, [ChangePlan.RollingService, ChangePlan.ScaledService], settings.RequestLoops, settings.RequestPace))
            {
                foreach (var change in plan.Changes)
                {
                    placement[change.Service] = change.After;
                    var answer = await receiver.PostAsync(cluster.Snapshot(placement), cancellationToken).ConfigureAwait(false);
                    var routing = await probe.MeasureAsync(change, answer.AnsweredAt, cancellationToken).ConfigureAwait(false);
                    records.Add(new ChangeRecord(change, answer, routing));
                    // The pace of the changes (a watcher posts when the swarm changes), not a wait for anything.
                    await Task.Delay(settings.Gap, cancellationToken).ConfigureAwait(false);
                }

                (requests, failed, firstFailures) = (loops.Requests, loops.Failed, loops.FirstFailures);
            }

            samples = sampler.Samples;
        }

        var after = await receiver.CountersAsync(cancellationToken).ConfigureAwait(false);
        return new RunResult
        {
            Mode = mode,
            Upstreams = upstreams,
            Changes = records,
            Counters = after.Since(before),
            WorkerSamples = samples,
            WorkerProcesses = settings.WorkerProcesses,
            WorkersPssKb = WorkerSampler.PssKb(WorkerSampler.Workers(nginx.MasterProcessId)),
            Requests = requests,
            FailedRequests = failed,
            FirstFailures = firstFailures,
            Streams = streams.Clients,
            StreamConnections = streams.Connections,
            StreamsBroken = streams.Broken,
            Duration = Stopwatch.GetElapsedTime(started),
        };
    }
}

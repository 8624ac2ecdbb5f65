using System.Security.Cryptography;
using Dupstream.Bench.Latency.Engine;
using Dupstream.Bench.Latency.Report;
using Dupstream.Bench.Latency.Targets;

namespace Dupstream.Bench.Latency.Measure;

/// <summary>
/// The whole benchmark: phase 1 with the recording target alone, then the idle window, then phase 2
/// with an unresponsive target listed first; then the report. Cleans up what it created, also on failure.
/// </summary>
internal sealed class BenchRun
{
    private readonly BenchSettings settings;
    private readonly TimeProvider time;
    private readonly TextWriter output;
    private readonly EngineApi engine;
    private readonly SnapshotRecorder recorder;
    private readonly CountingEngineProxy proxy;
    private readonly UnresponsiveTarget hanging;
    private readonly string secret;
    private readonly string runId = Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();
    private readonly FreePortFinder ports;
    private readonly HashSet<string> created = [];
    private readonly HashSet<string> removed = [];

    private BenchRun(
        BenchSettings settings, TimeProvider time, TextWriter output, EngineApi engine, SnapshotRecorder recorder,
        CountingEngineProxy proxy, UnresponsiveTarget hanging, string secret)
    {
        this.secret = secret;
        this.settings = settings;
        this.time = time;
        this.output = output;
        this.engine = engine;
        this.recorder = recorder;
        this.proxy = proxy;
        this.hanging = hanging;
        ports = new FreePortFinder(settings.PortBase);
    }

    /// <summary>0 when every measure could be taken (goals met or not), 1 when the run could not measure.</summary>
    public static async Task<int> RunAsync(BenchSettings settings, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        using var engine = new EngineApi(settings.EngineSocket);
        try
        {
            await RemoveLeftoversAsync(engine, output, cancellationToken).ConfigureAwait(false);
            // A fresh secret per run: the recorder checks the watcher sends it; it is never printed.
            var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            await using var recorder = await SnapshotRecorder.StartAsync(secret, time, cancellationToken).ConfigureAwait(false);
            await using var proxy = new CountingEngineProxy("unix://" + settings.EngineSocket, time);
            await using var hanging = new UnresponsiveTarget();
            var run = new BenchRun(settings, time, output, engine, recorder, proxy, hanging, secret);
            return await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or TimeoutException)
        {
            await output.WriteLineAsync($"bench: could not measure: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var startedTicks = time.GetTimestamp();
        try
        {
            var (healthy, idle) = await RunPhaseAsync(
                "healthy only", "h", [recorder.Url], "the recording target", measureIdle: true, cancellationToken).ConfigureAwait(false);
            var (behind, _) = await RunPhaseAsync(
                "unresponsive first", "u", [hanging.Url, recorder.Url], "the unresponsive target, then the recording target",
                measureIdle: false, cancellationToken).ConfigureAwait(false);
            var result = new BenchResult(
                started, time.GetElapsedTime(startedTicks), settings.Rounds, settings.Period, settings.Gap, healthy, behind, idle);
            var verdicts = Goals.Judge(result);
            var markdown = MarkdownReport.Render(result, verdicts);
            var path = Path.Combine(settings.OutputDirectory, "latency.md");
            await File.WriteAllTextAsync(path, markdown, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteAsync(markdown).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync($"bench: goals met: {verdicts.Count(v => v.Met == true)} of {verdicts.Count}; "
                + $"markdown in {path}").ConfigureAwait(false);
            return 0;
        }
        finally
        {
            // Not cancellable: an interrupted run must still leave the swarm as it found it.
            foreach (var id in created)
            {
                try
                {
                    await engine.RemoveServiceAsync(id, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
                {
                    await output.WriteLineAsync($"bench: could not remove service {id}: {e.Message}").ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<(PhaseResult Phase, IdleResult? Idle)> RunPhaseAsync(
        string name, string key, IReadOnlyList<Uri> targets, string targetsText, bool measureIdle, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"bench: phase '{name}': starting the watcher with targets {string.Join(" | ", targets)}")
            .ConfigureAwait(false);
        var firstPost = recorder.Count;
        var hangingBefore = hanging.Accepted;
        var logPath = Path.Combine(settings.OutputDirectory, $"watcher-{key}.log");
        var environment = WatcherProcess.Environment(proxy.DockerHost, targets, secret, settings.Period.TotalSeconds);
        await using var watcher = WatcherProcess.Start(settings.WatcherDll, environment, logPath);

        // The first snapshot proves the watcher runs and reaches both the engine and the target.
        var startup = settings.Period * 3 + TimeSpan.FromSeconds(30);
        if (await recorder.WaitForAsync(firstPost, _ => true, startup, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new InvalidOperationException(
                $"the watcher (pid {watcher.Id}, {(watcher.HasExited ? "exited" : "still running")}) posted nothing to the recording "
                + $"target within {startup.TotalSeconds:0} s; rejected POSTs: {recorder.Rejected}. Last lines of {logPath}:\n{watcher.Tail(30)}");
        }
        await Task.Delay(settings.Gap, time, cancellationToken).ConfigureAwait(false);

        var rounds = new RoundRunner(engine, recorder, proxy, time, settings.Image, settings.RoundTimeout, created, removed);
        var results = new List<RoundResult>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            EnsureAlive(watcher, logPath);
            var service = $"dsb-{key}{round:D2}-{runId}";
            var result = await rounds.RunAsync(round, service, ports.Next(), cancellationToken).ConfigureAwait(false);
            results.Add(result);
            await output.WriteLineAsync(
                $"bench: {name} round {round}/{settings.Rounds}: appear {Ms(result.AppearMs)}, remove {Ms(result.RemoveMs)}")
                .ConfigureAwait(false);
            // Quiet time between changes: each round starts from a watcher at rest.
            await Task.Delay(settings.Gap, time, cancellationToken).ConfigureAwait(false);
        }

        var idle = measureIdle && settings.IdleWindow > TimeSpan.Zero ? await MeasureIdleAsync(watcher, logPath, cancellationToken).ConfigureAwait(false) : null;
        EnsureAlive(watcher, logPath);
        var phase = new PhaseResult(
            name, targetsText, results, recorder.Count - firstPost,
            targets.Contains(hanging.Url) ? hanging.Accepted - hangingBefore : null);
        return (phase, idle);
    }

    private async Task<IdleResult> MeasureIdleAsync(WatcherProcess watcher, string logPath, CancellationToken cancellationToken)
    {
        // Removed services' tasks linger until their containers stop; that is still change.
        var drained = time.GetTimestamp();
        while (await engine.CountTasksOfAsync(removed, cancellationToken).ConfigureAwait(false) > 0)
        {
            if (time.GetElapsedTime(drained) > settings.RoundTimeout)
            {
                throw new InvalidOperationException($"tasks of removed services still exist after {settings.RoundTimeout.TotalSeconds:0} s.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }
        await output.WriteLineAsync(
            $"bench: idle: swarm quiet; waiting {settings.IdleSettle.TotalSeconds:0} s, then counting engine requests for {settings.IdleWindow.TotalSeconds:0} s")
            .ConfigureAwait(false);
        await Task.Delay(settings.IdleSettle, time, cancellationToken).ConfigureAwait(false);
        var from = time.GetTimestamp();
        var postsBefore = recorder.Count;
        // The window is the measure itself, not a wait for something.
        await Task.Delay(settings.IdleWindow, time, cancellationToken).ConfigureAwait(false);
        var to = time.GetTimestamp();
        EnsureAlive(watcher, logPath);
        var requests = proxy.RequestsBetween(from, to);
        TimeSpan? meanInterval = requests.Count >= 2
            ? time.GetElapsedTime(requests.Min(r => r.Timestamp), requests.Max(r => r.Timestamp)) / (requests.Count - 1)
            : null;
        var result = new IdleResult(time.GetElapsedTime(from, to), settings.Period, requests, recorder.Count - postsBefore, meanInterval);
        await output.WriteLineAsync($"bench: idle: {result.Requests.Count} engine requests, {result.PerMinute:0.#} per minute, {result.PerPeriod:0.##} per period")
            .ConfigureAwait(false);
        return result;
    }

    private static void EnsureAlive(WatcherProcess watcher, string logPath)
    {
        if (watcher.HasExited)
        {
            throw new InvalidOperationException(
                $"the watcher (pid {watcher.Id}) exited during the run with code {watcher.ExitCode}. Last lines of {logPath}:\n{watcher.Tail(30)}");
        }
    }

    private static async Task RemoveLeftoversAsync(EngineApi engine, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var id in await engine.ListBenchServicesAsync(cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync($"bench: removing service {id} left by an earlier run").ConfigureAwait(false);
            await engine.RemoveServiceAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Ms(double? ms) => ms is { } value ? $"{value:F0} ms" : "timed out";
}

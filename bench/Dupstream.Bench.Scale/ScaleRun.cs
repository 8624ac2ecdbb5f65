using System.Globalization;
using System.Text;
using System.Text.Json;
using Dupstream.Docker;
using Dupstream.SyntheticEngine.Cluster;

namespace Dupstream.Bench.Scale;

/// <summary>
/// The whole scale benchmark for one cluster size: the curl download floor, refresh wall/CPU time in a separate
/// process (lean readers and, as the baseline, the library's models), then for each watcher build a --once
/// start-up run and a soak. Writes a Markdown section.
/// </summary>
internal static class ScaleRun
{
    public static async Task<int> RunAsync(ScaleSettings settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(settings.Socket)!);
        await using var engine = await Dupstream.SyntheticEngine.SyntheticEngine.StartAsync(
            settings.Socket, new ClusterSpec(settings.Nodes, settings.Services, settings.Tasks), cancellationToken: cancellationToken).ConfigureAwait(false);
        var report = new StringBuilder();
        void Line(string text)
        {
            report.AppendLine(text);
            Console.WriteLine(text);
        }

        Line(string.Create(CultureInfo.InvariantCulture, $"### {settings.Nodes} nodes / {settings.Services} services / {settings.Tasks} tasks"));
        Line(string.Empty);
        Line($"Load before the run: `{(await File.ReadAllTextAsync("/proc/loadavg", cancellationToken).ConfigureAwait(false)).Trim()}`");
        Line(string.Empty);

        string[] taskPaths = [EngineListingPaths.RunningTasks];
        string[] fullPaths = [EngineListingPaths.Nodes, EngineListingPaths.Services, EngineListingPaths.RunningTasks];
        await CurlFloor.MeasureAsync(settings.Socket, fullPaths, 1, cancellationToken).ConfigureAwait(false); // fills the engine's JSON caches
        var taskFloor = await CurlFloor.MeasureAsync(settings.Socket, taskPaths, settings.CurlRuns, cancellationToken).ConfigureAwait(false);
        var fullFloor = await CurlFloor.MeasureAsync(settings.Socket, fullPaths, settings.CurlRuns, cancellationToken).ConfigureAwait(false);
        engine.Traffic.Reset();
        await CurlFloor.MeasureAsync(settings.Socket, fullPaths, 1, cancellationToken).ConfigureAwait(false);
        var sizes = engine.Traffic.Read();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Engine answers: /tasks (desired-state=running) {Mb(sizes["/tasks"].Bytes)}, /services {Mb(sizes["/services"].Bytes)}, /nodes {Mb(sizes["/nodes"].Bytes)}. "
            + $"curl download floor (median of {settings.CurlRuns}): task listing **{taskFloor:0.0} ms**, full listing **{fullFloor:0.0} ms**."));
        Line(string.Empty);

        Line(string.Create(CultureInfo.InvariantCulture, $"Refresh in a separate process (median of {settings.Rounds} after one warm-up; listing + build + canonical bytes + comparison):"));
        Line(string.Empty);
        Line("| reader | refresh | wall ms | CPU ms | listing ms | build ms | canonical/compare ms | wall / curl floor |");
        Line("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var reader in (string[])["lean", "models"])
        {
            foreach (var kind in (string[])["tasks", "full"])
            {
                var timings = await ProbeAsync(settings, reader, kind, cancellationToken).ConfigureAwait(false);
                var floor = kind == "tasks" ? taskFloor : fullFloor;
                Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {(reader == "lean" ? "lean (watcher now)" : "Docker.DotNet models (before)")} | {kind} | {timings.WallMs:0.0} | {timings.CpuMs:0.0} | {timings.ListingMs:0.0} | {timings.BuildMs:0.0} | {timings.CanonicalMs:0.0} | {timings.WallMs / floor:0.00}x |"));
            }
        }

        // The read after one service's event: its spec and its 10 tasks, against curl fetching the same two answers.
        var changedId = engine.Cluster.Services[1].Id;
        string[] changePaths = [EngineListingPaths.ServicesWithIds([changedId]), EngineListingPaths.RunningTasksOfServices([changedId])];
        var changeFloor = await CurlFloor.MeasureAsync(settings.Socket, changePaths, settings.CurlRuns, cancellationToken).ConfigureAwait(false);
        var change = await ProbeAsync(settings, "lean", "change", cancellationToken, changedId).ConfigureAwait(false);
        Line(string.Create(CultureInfo.InvariantCulture,
            $"| lean (watcher now) | change (one service: spec + tasks) | {change.WallMs:0.00} | {change.CpuMs:0.00} | {change.ListingMs:0.00} | (in listing) | {change.CanonicalMs:0.00} | {change.WallMs / changeFloor:0.00}x (floor {changeFloor:0.00} ms) |"));

        Line(string.Empty);
        var costs = new List<(string Label, ChangeCostResult Cost)>();
        foreach (var (label, path) in settings.Watchers)
        {
            var once = await OnceRun.MeasureAsync(path, engine.DockerHost, settings.OnceRuns, cancellationToken).ConfigureAwait(false);
            // The watcher's own log beside the results: what it read and delivered explains the POST count.
            var soakLog = settings.OutFile is { } outFile ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outFile))!, $"soak-{string.Concat(label.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'))}.log") : null;
            var soak = await WatcherSoak.RunAsync(path, engine, settings.Soak, settings.ChangeEvery, soakLog, cancellationToken).ConfigureAwait(false);
            Line(string.Create(CultureInfo.InvariantCulture, $"Watcher **{label}** (`{path}`):"));
            Line(string.Empty);
            Line(string.Create(CultureInfo.InvariantCulture,
                $"- `--once` (start, one full listing, print, exit; median of {settings.OnceRuns}): {once.WallS:0.00} s wall, {once.CpuS:0.00} s CPU, peak RSS {once.PeakKb / 1024.0:0.0} MB"));
            Line(string.Create(CultureInfo.InvariantCulture,
                $"- soak {soak.Seconds:0} s, period 3 s, a drain or re-activation of a node every {settings.ChangeEvery.TotalSeconds:0} s ({soak.Changes} changes, {soak.FullListings} full listings, {soak.Posts} POSTs, first POST after {soak.FirstPostSeconds:0.0} s):"));
            Line(string.Create(CultureInfo.InvariantCulture,
                $"  timeline (s since the watcher started): changes at {string.Join(", ", soak.ChangeSeconds.Select(seconds => seconds.ToString("0.0", CultureInfo.InvariantCulture)))}; POSTs at {string.Join(", ", soak.PostSeconds.Select(seconds => seconds.ToString("0.0", CultureInfo.InvariantCulture)))}{(soakLog is null ? string.Empty : $"; the watcher's log: {soakLog}")}"));
            Line(string.Create(CultureInfo.InvariantCulture,
                $"  peak RSS **{soak.PeakRssKb / 1024.0:0.0} MB**, steady RSS (median of the second half) **{soak.SteadyRssKb / 1024.0:0.0} MB** (max {soak.MaxLateRssKb / 1024.0:0.0} MB),"));
            Line(string.Create(CultureInfo.InvariantCulture,
                $"  CPU {soak.CpuSeconds:0.0} s in all, **{soak.CpuPerTaskRefreshMs:0.0} ms per refresh** in the second half; {soak.TaskRequests} /tasks requests, **{Mb((long)soak.BytesPerTaskRefresh)} read per task refresh**, engine-side /tasks request time {soak.EngineSideTasksMs:0.0} ms (median)"));
            Line(string.Empty);
            if (settings.ChangeRounds > 0)
            {
                costs.Add((label, await ChangeCost.MeasureAsync(path, engine, settings.ChangeRounds, cancellationToken).ConfigureAwait(false)));
            }
        }

        if (costs.Count > 0)
        {
            Line(string.Create(CultureInfo.InvariantCulture,
                $"Engine cost of one service change beyond idling (period {WatcherLaunch.PeriodSeconds} s, new tasks start after {ChangeCost.StartDelay.TotalSeconds:0.#} s, median of {settings.ChangeRounds} rounds; requests / bytes the change caused within 12 s):"));
            Line(string.Empty);
            Line("| watcher | idle bytes/minute | " + string.Join(" | ", costs[0].Cost.PerChange.Select(change => change.Kind)) + " |");
            Line("|---|---:|" + string.Concat(costs[0].Cost.PerChange.Select(_ => "---:|")));
            foreach (var (label, cost) in costs)
            {
                var cells = cost.PerChange.Select(change => string.Create(CultureInfo.InvariantCulture, $"{change.Requests:0} / {Mb((long)change.Bytes)}"));
                Line($"| {label} | {Mb((long)cost.IdleBytesPerMinute)} | {string.Join(" | ", cells)} |");
            }

            Line(string.Empty);
        }

        if (settings.OutFile is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.WriteAllTextAsync(file, report.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static string Mb(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB");

    private static async Task<RefreshTimings> ProbeAsync(ScaleSettings settings, string reader, string kind, CancellationToken cancellationToken, string? serviceId = null)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        var (code, output, error) = await ProcessRunner.RunAsync(
            self,
            ["refresh", "--socket", settings.Socket, "--reader", reader, "--kind", kind, "--rounds", settings.Rounds.ToString(CultureInfo.InvariantCulture), .. (serviceId is null ? Array.Empty<string>() : ["--service-id", serviceId])],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"refresh probe failed ({code}): {error}");
        }

        return JsonSerializer.Deserialize(output.Trim().Split('\n')[^1], ScaleJsonContext.Default.RefreshTimings)
            ?? throw new InvalidOperationException("The refresh probe printed nothing.");
    }
}

using System.Diagnostics;

namespace Dupstream.Bench.Scale;

/// <summary>Starts a watcher executable against the synthetic engine, delivering to a sink, at period 3 s.</summary>
internal static class WatcherLaunch
{
    public const int PeriodSeconds = 3;

    public static Process Start(string watcher, Dupstream.SyntheticEngine.SyntheticEngine engine, SnapshotSink sink)
    {
        var start = new ProcessStartInfo(watcher) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["DOCKER_HOST"] = engine.DockerHost.ToString();
        start.Environment["DUPSTREAM_SERVICE_URL"] = sink.Url.ToString();
        start.Environment["DUPSTREAM_SERVICE_SECRET"] = "bench-secret";
        start.Environment["DUPSTREAM_PERIOD"] = PeriodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(start) ?? throw new InvalidOperationException($"{watcher} did not start");
    }

    /// <summary>Asks the watcher to stop (SIGTERM, as an orchestrator does) and kills it if it does not within 10 s.</summary>
    public static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken: CancellationToken.None).ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}

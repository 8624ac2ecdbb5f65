using System.Globalization;

namespace Dupstream.Bench.Scale;

/// <summary>Starts a watcher executable against the synthetic engine, delivering to a sink, at period 3 s.</summary>
internal static class WatcherLaunch
{
    public const int PeriodSeconds = 3;

    /// <summary>How long a watcher asked to stop (SIGTERM) may take before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public static WatcherProcess Start(string watcher, Dupstream.SyntheticEngine.SyntheticEngine engine, SnapshotSink sink, string? logPath = null)
    {
        var environment = WatcherProcess.Environment(engine.DockerHost.ToString(), [sink.Url], "bench-secret", PeriodSeconds);
        // The HTTP listener stays on, as shipped (its memory is part of what the soak measures), on a port nobody uses.
        environment["DUPSTREAM_HTTP_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        return WatcherProcess.Start(watcher, environment, logPath);
    }
}

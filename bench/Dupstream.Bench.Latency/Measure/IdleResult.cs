
namespace Dupstream.Bench.Latency.Measure;

/// <summary>What the watcher asked the engine while nothing in the swarm changed.</summary>
/// <param name="Window">Length of the quiet window measured.</param>
/// <param name="Period">The watcher's DUPSTREAM_PERIOD.</param>
/// <param name="Requests">Engine requests whose request line was sent inside the window.</param>
/// <param name="PostsReceived">Snapshots the recording target got inside the window.</param>
/// <param name="MeanInterval">Mean time between consecutive requests in the window; null with fewer than two.</param>
internal sealed record IdleResult(
    TimeSpan Window, TimeSpan Period, IReadOnlyList<EngineRequest> Requests, int PostsReceived, TimeSpan? MeanInterval)
{
    public double PerMinute => Requests.Count * 60.0 / Window.TotalSeconds;

    /// <summary>
    /// Requests per period from the spacing of the requests, not their count: a window of N periods holds
    /// N or N+1 evenly spaced requests depending on where it starts, and that would read as 1.05 per period.
    /// </summary>
    public double PerPeriod => MeanInterval is { } interval
        ? Period / interval
        : Requests.Count * Period.TotalSeconds / Window.TotalSeconds;
}

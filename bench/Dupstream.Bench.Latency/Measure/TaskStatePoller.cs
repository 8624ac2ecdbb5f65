using Dupstream.Bench.Latency.Engine;

namespace Dupstream.Bench.Latency.Measure;

/// <summary>
/// Finds the moment the engine first reports a service's task running, by asking it every few
/// milliseconds on the real socket. That moment is the start of the appear latency.
/// </summary>
internal sealed class TaskStatePoller(EngineApi engine, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The timestamp at which the answer saying "running" arrived, or null if none did within
    /// <paramref name="timeout"/>. Transient engine errors are retried until the deadline.
    /// </summary>
    public async Task<long?> WaitUntilRunningAsync(string serviceName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < timeout)
        {
            try
            {
                if (await engine.HasRunningTaskAsync(serviceName, cancellationToken).ConfigureAwait(false))
                {
                    return time.GetTimestamp();
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                // the engine blinked; the deadline decides when to give up
            }
            // The poll interval is the resolution of t0, not a wait for something to happen.
            await Task.Delay(Interval, time, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }
}

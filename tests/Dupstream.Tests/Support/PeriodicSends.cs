namespace Dupstream.Tests.Support;

/// <summary>
/// Drives a target worker's periodic sends on a fake clock without racing it: the clock moves only once the worker
/// waits on its timer (a timer is armed relative to the clock when it is made, and a clock moved in between would
/// shift it), so each attempt's time is exact.
/// </summary>
internal static class PeriodicSends
{
    /// <summary>
    /// Moves the clock <paramref name="periods"/> periods, one at a time, and waits for the send each one causes.
    /// Each step is period - 1 ms, then 1 ms, so a send that came early would be seen. Expects one send before.
    /// </summary>
    public static async Task StepAsync(TimerCountingTimeProvider time, TimeSpan period, int periods, Func<int> attempts, string sends)
    {
        for (var step = 1; step <= periods; step++)
        {
            var waiting = step;
            await Eventually.TrueAsync(() => time.TimersCreated == waiting, $"the worker waits for the period before {sends} {waiting}");
            time.Advance(period - TimeSpan.FromMilliseconds(1));
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.TrueAsync(() => attempts() == waiting + 1, $"{sends} {waiting} happened");
        }
    }
}

using Microsoft.Extensions.Time.Testing;

namespace Dupstream.Tests.Support;

/// <summary>
/// A fake clock that counts the timers made on it, so a test can move time only once the code under test is
/// waiting (a clock moved while it is between two steps shifts what it measures, and the test then measures noise).
/// </summary>
internal sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private int timersCreated;

    public int TimersCreated => Volatile.Read(ref timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref timersCreated);
        return timer;
    }
}

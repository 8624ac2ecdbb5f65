using Microsoft.Extensions.Time.Testing;

namespace Dupstream.Tests.Support;

/// <summary>
/// Polls a condition with a real-time deadline. Code under test runs on the thread pool, so a test waits for an
/// observable effect instead of sleeping. With a fake clock it also advances time one step per poll, which wakes
/// whatever timer the code under test registered (even if it registered it after the previous step).
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<bool> condition, string because, FakeTimeProvider? time = null, TimeSpan? step = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > Deadline)
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }

            if (time is not null)
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(10));
            }

            await Task.Delay(1, TestContext.Cancel);
        }
    }
}

namespace Dupstream.Tests.Support;

/// <summary>Like <see cref="Eventually"/>, for asynchronous probes (HTTP) that return the value once it is there.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string because)
        where T : class
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (started.Elapsed > Eventually.Deadline)
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }

            await Task.Delay(1, TestContext.Cancel);
        }
    }
}

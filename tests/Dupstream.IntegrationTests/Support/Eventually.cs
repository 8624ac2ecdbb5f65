namespace Dupstream.IntegrationTests.Support;

/// <summary>
/// Waits for a condition that an asynchronous system reaches on its own (a swarm task starting,
/// nginx answering). It polls with a deadline instead of sleeping a fixed time, so a test is as fast
/// as the system and fails with a message saying what never happened.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        using var cts = new CancellationTokenSource(timeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe().ConfigureAwait(false) is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cts.IsCancellationRequested)
            {
                last = ex;
            }

            try
            {
                await Task.Delay(Poll, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.", last);
            }
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        await UntilAsync<object>(async () => await probe().ConfigureAwait(false) ? new object() : null, timeout, what).ConfigureAwait(false);

    public static Task UntilAsync(Func<bool> probe, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(probe()), timeout, what);
}

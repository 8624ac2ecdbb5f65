using Microsoft.Extensions.Time.Testing;

namespace Dupstream.TestSupport;

/// <summary>
/// Waits for a condition that code on another thread or an asynchronous system reaches on its own (a delivery
/// arriving, a swarm task starting, nginx answering). It polls with a deadline instead of sleeping a fixed time,
/// so a test is as fast as the system and fails with a message saying what never happened. The one waiting
/// helper of the unit tests, the integration tests and the benchmarks.
/// </summary>
public static class Eventually
{
    /// <summary>The deadline of the overloads that take none: generous for a loaded 2-core CI machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls until the probe returns a value (probe exceptions count as "not yet"; the last is kept as the cause).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
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
                await Task.Delay(PollInterval, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.", last);
            }
        }
    }

    public static Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what)
        where T : class =>
        UntilAsync(probe, DefaultTimeout, what);

    public static async Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        await UntilAsync<object>(async () => await probe().ConfigureAwait(false) ? new object() : null, timeout, what).ConfigureAwait(false);
    }

    public static Task UntilAsync(Func<bool> probe, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(probe()), timeout, what);

    public static Task UntilAsync(Func<bool> probe, string what) => UntilAsync(probe, DefaultTimeout, what);

    /// <summary>
    /// Polls a condition with a real-time deadline. With a fake clock it also advances time one step per poll,
    /// which wakes whatever timer the code under test registered (even one registered after the previous step).
    /// </summary>
    public static async Task TrueAsync(Func<bool> condition, string because, FakeTimeProvider? time = null, TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > DefaultTimeout)
            {
                throw new TimeoutException($"Timed out waiting until {because}.");
            }

            time?.Advance(step ?? TimeSpan.FromMilliseconds(10));
            await Task.Delay(1).ConfigureAwait(false);
        }
    }
}

namespace Dupstream.Delivery;

/// <summary>How workers pace themselves.</summary>
/// <param name="Always">Resend the current snapshot every <paramref name="Period"/> even when the target has it.</param>
/// <param name="RetryInitial">First retry delay after a failure; doubles per failure.</param>
/// <param name="RetryCap">Longest retry delay.</param>
internal sealed record DeliverySettings(bool Always, bool Debug, TimeSpan Period, TimeSpan RetryInitial, TimeSpan RetryCap)
{
    public static readonly TimeSpan MaximumRetryDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultRetryInitial = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Retries back off exponentially, but never wait longer than one period (nor 30 s): issue 2 promises a target
    /// that failed gets the latest snapshot by the next period, so a target that comes back is caught up quickly.
    /// </summary>
    public static DeliverySettings From(TimeSpan period, bool always, bool debug)
    {
        var cap = period < MaximumRetryDelay ? period : MaximumRetryDelay;
        var initial = DefaultRetryInitial < cap ? DefaultRetryInitial : cap;
        return new DeliverySettings(always, debug, period, initial, cap);
    }
}

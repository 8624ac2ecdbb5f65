namespace Dupstream.Delivery;

/// <summary>
/// Decides which failed deliveries to one target are logged. A dead target is retried at least once per period
/// for as long as it stays dead (so it has the latest snapshot within a period of coming back); logging every
/// attempt would be a warning every few seconds for ever. The first <see cref="LoggedInFull"/> failures are
/// logged, then one per <see cref="Interval"/> (its attempt number says how many failed meanwhile). A success
/// resets it.
/// </summary>
internal sealed class FailureLogGate
{
    public const int LoggedInFull = 3;

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private DateTimeOffset? lastLogged;

    public bool ShouldLog(int attempt, DateTimeOffset now)
    {
        if (attempt <= LoggedInFull || lastLogged is null || now - lastLogged.Value >= Interval)
        {
            lastLogged = now;
            return true;
        }

        return false;
    }

    public void Succeeded() => lastLogged = null;
}

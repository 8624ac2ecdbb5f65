using Dupstream.Snapshots;

namespace Dupstream.Delivery;

/// <summary>One place snapshots are delivered to. Implementations never throw for delivery failures: they report them.</summary>
internal interface ITarget
{
    /// <summary>How the target appears in logs: never with credentials.</summary>
    string Display { get; }

    /// <summary>
    /// Send the current snapshot every period even when the target acknowledged it (as --always does for every
    /// target): for targets whose state can drift behind our back, where a send re-checks and repairs it.
    /// </summary>
    bool ResyncEveryPeriod => false;

    Task<DeliveryResult> SendAsync(CanonicalSnapshot snapshot, CancellationToken cancellationToken);
}

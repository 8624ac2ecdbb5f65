using Dupstream.Snapshots;

namespace Dupstream.Delivery;

/// <summary>One place snapshots are delivered to. Implementations never throw for delivery failures: they report them.</summary>
internal interface ITarget
{
    /// <summary>How the target appears in logs: never with credentials.</summary>
    string Display { get; }

    Task<DeliveryResult> SendAsync(CanonicalSnapshot snapshot, CancellationToken cancellationToken);
}

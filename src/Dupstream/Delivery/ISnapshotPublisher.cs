using Dupstream.Snapshots;

namespace Dupstream.Delivery;

/// <summary>Where the refresh loop hands every snapshot it built from a complete listing.</summary>
internal interface ISnapshotPublisher
{
    /// <returns>True when the snapshot differs from the previous one published.</returns>
    bool Publish(CanonicalSnapshot snapshot);
}

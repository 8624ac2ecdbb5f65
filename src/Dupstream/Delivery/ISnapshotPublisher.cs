using Dupstream.Snapshots;

namespace Dupstream.Delivery;

/// <summary>Where the refresh loop hands each new snapshot it built from a complete listing.</summary>
internal interface ISnapshotPublisher
{
    /// <summary>Takes a snapshot that differs from the one published before it (the refresh loop decides that, once).</summary>
    void Publish(CanonicalSnapshot snapshot);
}

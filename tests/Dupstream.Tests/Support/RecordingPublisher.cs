using System.Collections.Concurrent;
using Dupstream.Delivery;
using Dupstream.Snapshots;

namespace Dupstream.Tests.Support;

/// <summary>Collects what the refresh loop publishes (only changed snapshots: the loop decides).</summary>
internal sealed class RecordingPublisher : ISnapshotPublisher
{
    private readonly ConcurrentQueue<CanonicalSnapshot> published = new();

    public IReadOnlyList<CanonicalSnapshot> Published => [.. published];

    public void Publish(CanonicalSnapshot snapshot) => published.Enqueue(snapshot);
}

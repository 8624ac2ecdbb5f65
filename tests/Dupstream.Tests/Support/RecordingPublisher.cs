using System.Collections.Concurrent;
using Dupstream.Delivery;
using Dupstream.Snapshots;

namespace Dupstream.Tests.Support;

/// <summary>Collects what the refresh loop publishes, with the same "changed" rule as the real coordinator.</summary>
internal sealed class RecordingPublisher : ISnapshotPublisher
{
    private readonly ConcurrentQueue<CanonicalSnapshot> published = new();
    private CanonicalSnapshot? last;

    public IReadOnlyList<CanonicalSnapshot> Published => [.. published];

    public bool Publish(CanonicalSnapshot snapshot)
    {
        if (snapshot.SameContentAs(last))
        {
            return false;
        }

        last = snapshot;
        published.Enqueue(snapshot);
        return true;
    }
}

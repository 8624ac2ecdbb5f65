using System.Collections.Concurrent;
using Dupstream.Snapshots;
using Dupstream.Watching;

namespace Dupstream.Tests.Support;

/// <summary>Records the "changed" the refresh loop reports with each successful listing.</summary>
internal sealed class ChangeRecordingObserver : IWatchObserver
{
    private readonly ConcurrentQueue<bool> changes = new();

    public IReadOnlyList<bool> Changes => [.. changes];

    public void ListingSucceeded(bool full, CanonicalSnapshot snapshot, bool changed, int nodes, int services) => changes.Enqueue(changed);

    public void ListingFailed(bool full, string reason)
    {
    }

    public void EventStreamConnected(bool reconnect)
    {
    }

    public void EventStreamLost(bool error)
    {
    }
}

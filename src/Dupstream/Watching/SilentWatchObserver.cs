using Dupstream.Snapshots;

namespace Dupstream.Watching;

/// <summary>The observer where nothing monitors the loops (tests of one loop, tools that only list).</summary>
internal sealed class SilentWatchObserver : IWatchObserver
{
    public static SilentWatchObserver Instance { get; } = new();

    public void ListingSucceeded(bool full, CanonicalSnapshot snapshot, bool changed, int nodes, int services)
    {
    }

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

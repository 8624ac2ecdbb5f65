using Dupstream.Snapshots;

namespace Dupstream.Watching;

/// <summary>
/// What the refresh loop and the event stream report as they go. Owned here, so watching knows nothing of who
/// listens (monitoring implements it); calls come from both loops at once and must not block.
/// </summary>
internal interface IWatchObserver
{
    /// <param name="changed">The snapshot differs from the one before it (decided once, by the refresh loop).</param>
    void ListingSucceeded(bool full, CanonicalSnapshot snapshot, bool changed, int nodes, int services);

    void ListingFailed(bool full, string reason);

    /// <param name="reconnect">Not the first connection: the stream broke (or could not connect) before.</param>
    void EventStreamConnected(bool reconnect);

    /// <param name="error">It broke with an error (not a clean close by the engine).</param>
    void EventStreamLost(bool error);
}

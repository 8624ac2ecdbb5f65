namespace Dupstream.Docker;

/// <summary>
/// Gives back the memory big listings used. A 20,000-task listing is 20+ MB of JSON read every few seconds; the
/// GC would otherwise keep the freed space committed (the watcher's resident size settles far above what it
/// holds). Once the listings since the last release add up to <c>threshold</c> bytes, the refresh loop's
/// <see cref="Release"/> runs one compacting collection that returns free memory to the system: a few
/// milliseconds per refresh on a large cluster, practically never on a small one.
/// </summary>
internal sealed class ListingMemory(long threshold, Action collect)
{
    public const long DefaultThreshold = 8L << 20;

    public static ListingMemory Shared { get; } = new(DefaultThreshold, static () => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true));

    private long pending;

    /// <summary>Bytes read since the last collection.</summary>
    public long Pending => Interlocked.Read(ref pending);

    /// <summary>Called by the listing client with the size of each engine answer.</summary>
    public void Read(long bytes) => Interlocked.Add(ref pending, bytes);

    /// <summary>Called between refreshes, when the listing's data is dead: collects if enough was read.</summary>
    public bool Release()
    {
        if (Interlocked.Read(ref pending) < threshold)
        {
            return false;
        }

        Interlocked.Exchange(ref pending, 0);
        collect();
        return true;
    }
}

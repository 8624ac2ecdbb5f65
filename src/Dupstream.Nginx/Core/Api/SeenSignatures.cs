namespace Dupstream.Nginx.Core.Api;

/// <summary>
/// Remembers verified signatures while their timestamp is inside the window, so each is accepted
/// once. Memory is bounded: when <see cref="Capacity"/> is reached, the entry with the oldest
/// timestamp is dropped and the floor rises to it; any signature at or below the floor is then
/// refused, so an evicted signature can never be replayed. Only signatures that already passed the
/// HMAC check are recorded, so filling it takes the secret.
/// </summary>
internal sealed class SeenSignatures(TimeSpan window, TimeProvider time, int capacity = SeenSignatures.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    private readonly Lock gate = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> byTimestamp = new();
    private long floor = long.MinValue;

    public int Capacity => capacity;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return seen.Count;
            }
        }
    }

    /// <summary>Records the signature; false when it was seen before (or is too old to tell).</summary>
    public bool TryRecord(long timestamp, ReadOnlySpan<byte> signature)
    {
        var key = Convert.ToHexString(signature);
        lock (gate)
        {
            Expire();
            if (timestamp <= floor || !seen.Add(key))
            {
                return false;
            }

            byTimestamp.Enqueue(key, timestamp);
            while (seen.Count > capacity && byTimestamp.TryDequeue(out var evicted, out var evictedAt))
            {
                seen.Remove(evicted);
                floor = Math.Max(floor, evictedAt);
            }

            // Recording the newest entry can only evict it if the whole set shares its timestamp.
            return seen.Contains(key);
        }
    }

    /// <summary>Forgets signatures whose timestamp has left the window: they are refused as too old anyway.</summary>
    private void Expire()
    {
        var oldestAllowed = time.GetUtcNow().ToUnixTimeSeconds() - (long)window.TotalSeconds;
        while (byTimestamp.TryPeek(out var key, out var at) && at < oldestAllowed)
        {
            byTimestamp.Dequeue();
            seen.Remove(key);
        }
    }
}

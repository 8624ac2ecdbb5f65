using System.Text.Json;

namespace Dupstream.Docker;

/// <summary>
/// One shared string per engine ID (task, service, node) seen in recent listings. A 20,000-task cluster lists
/// the same 60,000 IDs every few seconds; reusing the strings keeps a steady-state listing from allocating
/// them again (megabytes of garbage per refresh) and keeps the watcher's memory flat. IDs unseen for
/// <see cref="KeepListings"/> listings are dropped, so the pool follows the cluster. Not thread-safe: one
/// listing uses it at a time.
/// </summary>
internal sealed class IdPool
{
    public const int KeepListings = 2;

    // IDs are 25 characters; anything longer than this is read without pooling.
    private const int MaxPooledLength = 128;

    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> bySpan;
    private int listing;

    public IdPool() => bySpan = entries.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => entries.Count;

    /// <summary>The current string value of the reader (a String token), pooled.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxPooledLength)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxPooledLength];
        var length = reader.CopyString(chars);
        var text = chars[..length];
        if (bySpan.TryGetValue(text, out var entry))
        {
            entry.LastSeen = listing;
            return entry.Value;
        }

        var value = new string(text);
        entries.Add(value, new Entry(value, listing));
        return value;
    }

    /// <summary>Marks the end of a listing and drops IDs no recent listing had.</summary>
    public void EndListing()
    {
        listing++;
        foreach (var (key, entry) in entries)
        {
            if (listing - entry.LastSeen > KeepListings)
            {
                entries.Remove(key);
            }
        }
    }

    private sealed class Entry(string value, int lastSeen)
    {
        public string Value { get; } = value;

        public int LastSeen { get; set; } = lastSeen;
    }
}

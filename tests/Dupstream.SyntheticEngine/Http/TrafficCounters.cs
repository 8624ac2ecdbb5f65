using System.Collections.Concurrent;

namespace Dupstream.SyntheticEngine.Http;

/// <summary>
/// Requests and response body bytes per endpoint ("/tasks", "/nodes", ...), for "bytes read per refresh", and a
/// log of every listing (when it started, whether it asked about particular objects), to tell what a change cost.
/// </summary>
public sealed class TrafficCounters
{
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ListingRecord> log = new();

    /// <summary>Every listing since the last reset, in the order they were answered.</summary>
    public IReadOnlyList<ListingRecord> Log => [.. log];

    public void Add(string endpoint, long bytes, TimeSpan duration, long startedTimestamp = 0, bool filteredByObject = false)
    {
        log.Enqueue(new ListingRecord(endpoint, startedTimestamp, bytes, filteredByObject));
        var counter = counters.GetOrAdd(endpoint, _ => new Counter());
        lock (counter)
        {
            counter.Requests++;
            counter.Bytes += bytes;
            counter.Durations.Add(duration.TotalMilliseconds);
        }
    }

    /// <summary>(requests, bytes, per-request milliseconds from request to last byte written) per endpoint.</summary>
    public IReadOnlyDictionary<string, (long Requests, long Bytes, IReadOnlyList<double> Milliseconds)> Read() =>
        counters.ToDictionary(
            pair => pair.Key,
            pair =>
            {
                lock (pair.Value)
                {
                    return (pair.Value.Requests, pair.Value.Bytes, (IReadOnlyList<double>)[.. pair.Value.Durations]);
                }
            },
            StringComparer.Ordinal);

    public void Reset()
    {
        counters.Clear();
        log.Clear();
    }

    private sealed class Counter
    {
        public long Requests { get; set; }

        public long Bytes { get; set; }

        public List<double> Durations { get; } = [];
    }
}

using System.Collections.Concurrent;

namespace Dupstream.SyntheticEngine.Http;

/// <summary>Requests and response body bytes per endpoint ("/tasks", "/nodes", ...), for "bytes read per refresh".</summary>
public sealed class TrafficCounters
{
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);

    public void Add(string endpoint, long bytes, TimeSpan duration)
    {
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

    public void Reset() => counters.Clear();

    private sealed class Counter
    {
        public long Requests { get; set; }

        public long Bytes { get; set; }

        public List<double> Durations { get; } = [];
    }
}

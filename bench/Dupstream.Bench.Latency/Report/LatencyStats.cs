namespace Dupstream.Bench.Latency.Report;

/// <summary>Summary of one measure's samples in milliseconds.</summary>
internal sealed record LatencyStats(int Count, double Min, double Median, double P95, double Max)
{
    /// <summary>
    /// Null for no samples. The median of an even count is the mean of the two middle values; p95 is the
    /// nearest-rank value (with 10 samples, the largest: a p95 of 10 rounds is no better than its max).
    /// </summary>
    public static LatencyStats? From(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        var p95Rank = (int)Math.Ceiling(0.95 * sorted.Length);
        return new LatencyStats(sorted.Length, sorted[0], median, sorted[p95Rank - 1], sorted[^1]);
    }
}

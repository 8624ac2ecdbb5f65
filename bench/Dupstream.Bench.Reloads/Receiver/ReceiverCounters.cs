using System.Globalization;

namespace Dupstream.Bench.Reloads.Receiver;

/// <summary>The receiver's counters this benchmark reads from <c>GET /metrics</c> (successful outcomes only).</summary>
internal sealed record ReceiverCounters(double Reloads, double MemoryUpdates, bool HasMemoryUpdates)
{
    public const string ReloadsMetric = "dupstream_nginx_reloads_total";
    public const string MemoryUpdatesMetric = "dupstream_nginx_memory_updates_total";

    /// <summary>Reads the <c>outcome="success"</c> samples out of Prometheus text; a counter not yet exported is 0.</summary>
    public static ReceiverCounters Parse(string prometheusText)
    {
        double? Sample(string metric)
        {
            var prefix = metric + "{outcome=\"success\"} ";
            var line = prometheusText.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return line is null ? null : double.Parse(line[prefix.Length..].Trim(), CultureInfo.InvariantCulture);
        }

        var memory = Sample(MemoryUpdatesMetric);
        return new ReceiverCounters(
            Sample(ReloadsMetric) ?? 0,
            memory ?? 0,
            memory is not null || prometheusText.Contains(MemoryUpdatesMetric, StringComparison.Ordinal));
    }

    public ReceiverCounters Since(ReceiverCounters earlier) =>
        new(Reloads - earlier.Reloads, MemoryUpdates - earlier.MemoryUpdates, HasMemoryUpdates);
}

using System.Globalization;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>The receiver's counters read from its GET /metrics (Prometheus text): reloads and snapshot answers.</summary>
public sealed record ReceiverMetrics(double Reloads, double SnapshotsOk, double SnapshotsRefused)
{
    public static async Task<ReceiverMetrics> ReadAsync(HttpClient http, Uri metrics)
    {
        ArgumentNullException.ThrowIfNull(http);
        var lines = (await http.GetStringAsync(metrics)).Split('\n');
        double Sum(Func<string, bool> match) => lines.Where(l => !l.StartsWith('#') && match(l))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return new ReceiverMetrics(
            Sum(l => l.StartsWith("dupstream_nginx_reloads_total{", StringComparison.Ordinal)),
            Sum(l => l.StartsWith("dupstream_nginx_requests_total{", StringComparison.Ordinal) && l.Contains("route=\"snapshot\"", StringComparison.Ordinal)
                && l.Contains("status=\"200\"", StringComparison.Ordinal)),
            Sum(l => l.StartsWith("dupstream_nginx_requests_total{", StringComparison.Ordinal) && l.Contains("route=\"snapshot\"", StringComparison.Ordinal)
                && !l.Contains("status=\"200\"", StringComparison.Ordinal)));
    }
}

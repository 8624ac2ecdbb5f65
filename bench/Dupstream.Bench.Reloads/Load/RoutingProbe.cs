using System.Diagnostics;
using System.Globalization;
using Dupstream.Bench.Reloads.Cluster;

namespace Dupstream.Bench.Reloads.Load;

/// <summary>
/// Right after the receiver's 200 answer, asks nginx for the changed service's identity on fresh connections,
/// <see cref="RoutingCriterion.BatchSize"/> at a time, batch after batch, until a batch proves the new set is
/// routed (or the deadline passes). The routing time is when that batch's last answer arrived.
/// </summary>
internal sealed class RoutingProbe(int nginxPort, TimeSpan deadline)
{
    public async Task<RoutingResult> MeasureAsync(MembershipChange change, long answeredAt, CancellationToken cancellationToken)
    {
        var requests = 0;
        var failures = 0;
        bool? firstStale = null;
        double? firstRoundTrip = null;
        var path = $"/{change.Service}/id";
        while (Stopwatch.GetElapsedTime(answeredAt) < deadline)
        {
            var sent = Stopwatch.GetTimestamp();
            var batch = await Task.WhenAll(Enumerable.Range(0, RoutingCriterion.BatchSize).Select(_ => AskAsync(path, cancellationToken))).ConfigureAwait(false);
            firstRoundTrip ??= Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            firstStale ??= batch.Any(node => RoutingCriterion.IsStale(change, node));
            requests += batch.Length;
            failures += batch.Count(node => node == 0);
            if (RoutingCriterion.IsRouted(change, batch))
            {
                return new RoutingResult(Stopwatch.GetElapsedTime(answeredAt).TotalMilliseconds, requests, failures, firstStale.Value, firstRoundTrip.Value);
            }
        }

        return new RoutingResult(null, requests, failures, firstStale ?? false, firstRoundTrip ?? double.NaN);
    }

    private async Task<int> AskAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var (status, body) = await FreshConnectionGet.SendAsync(nginxPort, path, cancellationToken).ConfigureAwait(false);
            return status == 200 ? NodeOf(body) : 0;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return 0;
        }
    }

    /// <summary>The node number in a backend's answer ("127.0.1.7", chunked or not) -> 7; 0 when there is none.</summary>
    public static int NodeOf(string body)
    {
        const string Prefix = "127.0.1.";
        var at = body.IndexOf(Prefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return 0;
        }

        var digits = body.AsSpan(at + Prefix.Length);
        var length = 0;
        while (length < digits.Length && length < 3 && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }

        return int.TryParse(digits[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var node) ? node : 0;
    }
}

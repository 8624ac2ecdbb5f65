using System.Diagnostics;
using System.Globalization;
using Dupstream.Bench.Reloads.Cluster;

namespace Dupstream.Bench.Reloads.Load;

/// <summary>
/// Right after the receiver's 200 answer, asks nginx for the changed service's identity on fresh connections,
/// one after the other, until <see cref="RoutingCriterion"/> says the new set is routed (or the deadline passes).
/// </summary>
internal sealed class RoutingProbe(int nginxPort, TimeSpan deadline)
{
    public async Task<RoutingResult> MeasureAsync(MembershipChange change, long answeredAt, CancellationToken cancellationToken)
    {
        var answers = new List<int>();
        var failures = 0;
        bool? firstStale = null;
        double? firstRoundTrip = null;
        while (Stopwatch.GetElapsedTime(answeredAt) < deadline)
        {
            int node;
            var sent = Stopwatch.GetTimestamp();
            try
            {
                var (status, body) = await FreshConnectionGet.SendAsync(nginxPort, $"/{change.Service}/id", cancellationToken).ConfigureAwait(false);
                node = status == 200 ? NodeOf(body) : 0;
            }
            catch (System.Net.Sockets.SocketException)
            {
                node = 0;
            }

            if (node == 0)
            {
                failures++;
            }

            firstStale ??= RoutingCriterion.IsStale(change, node);
            firstRoundTrip ??= Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            answers.Add(node);
            if (RoutingCriterion.IsRouted(change, answers))
            {
                return new RoutingResult(Stopwatch.GetElapsedTime(answeredAt).TotalMilliseconds, answers.Count, failures, firstStale.Value, firstRoundTrip.Value);
            }
        }

        return new RoutingResult(null, answers.Count, failures, firstStale ?? false, firstRoundTrip ?? double.NaN);
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

using System.Globalization;

namespace Dupstream.Bench.Scale;

/// <summary>
/// The download floor: how long curl takes merely to fetch the listings a refresh needs over the same socket
/// (body to /dev/null), median of several runs. A task refresh needs the filtered /tasks; a full one also
/// /nodes and /services (fetched one after another on one connection).
/// </summary>
internal static class CurlFloor
{
    public static async Task<double> MeasureAsync(string socket, IReadOnlyList<string> paths, int runs, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var args = new List<string> { "-s", "--fail", "--unix-socket", socket, "-w", "%{time_total}\n" };
            foreach (var path in paths)
            {
                args.AddRange(["-o", "/dev/null", "http://engine/" + path]);
            }

            var (code, output, error) = await ProcessRunner.RunAsync("curl", args, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"curl failed ({code}): {error}");
            }

            times.Add(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(t => double.Parse(t, CultureInfo.InvariantCulture)) * 1000);
        }

        return Stats.Median(times);
    }
}

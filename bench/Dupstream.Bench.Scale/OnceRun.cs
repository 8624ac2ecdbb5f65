using System.Globalization;

namespace Dupstream.Bench.Scale;

/// <summary>
/// <c>dupstream --once</c> under /usr/bin/time: start, one full listing, print, exit. Shows start-up cost and
/// the peak memory of one full refresh (JIT against Native AOT).
/// </summary>
internal static class OnceRun
{
    public static async Task<(double WallS, double CpuS, long PeakKb)> MeasureAsync(string watcher, Uri dockerHost, int runs, CancellationToken cancellationToken)
    {
        var wall = new List<double>();
        var cpu = new List<double>();
        var peak = new List<double>();
        var timeFile = Path.GetTempFileName();
        try
        {
            for (var run = 0; run < runs; run++)
            {
                var (code, _, error) = await ProcessRunner.RunAsync(
                    "/usr/bin/time",
                    ["-o", timeFile, "-f", "%e %U %S %M", watcher, "--once"],
                    new Dictionary<string, string> { ["DOCKER_HOST"] = dockerHost.ToString() },
                    cancellationToken).ConfigureAwait(false);
                if (code != 0)
                {
                    throw new InvalidOperationException($"{watcher} --once failed ({code}): {error}");
                }

                var parts = File.ReadAllText(timeFile).Trim().Split('\n')[^1].Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                wall.Add(parts[0]);
                cpu.Add(parts[1] + parts[2]);
                peak.Add(parts[3]);
            }
        }
        finally
        {
            File.Delete(timeFile);
        }

        return (Stats.Median(wall), Stats.Median(cpu), (long)Stats.Median(peak));
    }
}

using System.Globalization;

namespace Dupstream.Bench.Scale;

/// <summary>One look at a process through /proc: resident memory now and at its peak, and CPU time used so far.</summary>
internal sealed record ProcSample(long RssKb, long PeakRssKb, double CpuSeconds)
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    public static ProcSample? Read(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            long Field(string name) => long.Parse(
                status.First(line => line.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0],
                CultureInfo.InvariantCulture);

            // Fields after the command name (which may hold spaces) start after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcSample(Field("VmRSS"), Field("VmHWM"), ticks / TicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }
}

using System.Globalization;

namespace Dupstream.Bench.Reloads.Nginx;

/// <summary>
/// Counts the nginx master's worker processes every <c>interval</c>: children whose command line is
/// <c>nginx: worker process</c>, including the old ones (<c>... is shutting down</c>) a reload leaves behind
/// until their connections end. Reads /proc, as <c>ps</c> does.
/// </summary>
internal sealed class WorkerSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<int> samples = [];
    private readonly Lock gate = new();
    private readonly Task loop;

    private WorkerSampler(int masterPid, TimeSpan interval) => loop = RunAsync(masterPid, interval);

    public static WorkerSampler Start(int masterPid, TimeSpan interval) => new(masterPid, interval);

    public IReadOnlyList<int> Samples
    {
        get
        {
            lock (gate)
            {
                return [.. samples];
            }
        }
    }

    /// <summary>The master's worker processes now (old ones included).</summary>
    public static IReadOnlyList<int> Workers(int masterPid)
    {
        var workers = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // Fields after the command name (which may hold spaces) start after the last ')'; the parent is the second.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
                if (parent == masterPid.ToString(CultureInfo.InvariantCulture)
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).StartsWith("nginx: worker process", StringComparison.Ordinal))
                {
                    workers.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return workers;
    }

    /// <summary>Proportional set size of these processes in KB (shared pages split among their users), from smaps_rollup.</summary>
    public static long PssKb(IEnumerable<int> pids)
    {
        long total = 0;
        foreach (var pid in pids)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
                total += line is null ? 0 : long.Parse(line["Pss:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return total;
    }

    private async Task RunAsync(int masterPid, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                var count = Workers(masterPid).Count;
                lock (gate)
                {
                    samples.Add(count);
                }
            }
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Sampling is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stop.Dispose();
    }
}

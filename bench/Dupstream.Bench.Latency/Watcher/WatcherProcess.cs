using System.Diagnostics;

namespace Dupstream.Bench.Latency.Watcher;

/// <summary>
/// The watcher under test, run as its own process exactly as a user runs it: <c>dotnet dupstream.dll</c>
/// configured only through its environment. Its output goes to a log file for later reading.
/// </summary>
internal sealed class WatcherProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logGate = new();
    private bool logClosed;

    private WatcherProcess(Process process, StreamWriter log)
    {
        this.process = process;
        this.log = log;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code once exited (143 = SIGTERM from outside, 137 = SIGKILL).</summary>
    public int ExitCode => process.ExitCode;

    public string LogPath { get; private init; } = "";

    public static WatcherProcess Start(string watcherDll, string dockerHost, IEnumerable<Uri> targets, string secret, TimeSpan period, string logPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(watcherDll);
        start.Environment["DOCKER_HOST"] = dockerHost;
        start.Environment["DUPSTREAM_SERVICE_URL"] = string.Join('|', targets.Select(t => t.AbsoluteUri));
        start.Environment["DUPSTREAM_SERVICE_SECRET"] = secret;
        start.Environment["DUPSTREAM_PERIOD"] = ((int)period.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The watcher's own HTTP listener (health, metrics) is not measured here and 8080 may be taken.
        start.Environment["DUPSTREAM_HTTP_PORT"] = "0";
        // Plain console output in the log, no telemetry chatter.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var watcher = new WatcherProcess(process, log) { LogPath = logPath };
        process.OutputDataReceived += (_, e) => watcher.Write(e.Data);
        process.ErrorDataReceived += (_, e) => watcher.Write(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            log.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return watcher;
    }

    /// <summary>Stops the watcher (its own process only) and closes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
        lock (logGate)
        {
            logClosed = true;
            log.Dispose();
        }
    }

    /// <summary>The last lines of the log, to explain a watcher that exited or never posted.</summary>
    public string Tail(int lines)
    {
        lock (logGate)
        {
            if (!logClosed)
            {
                log.Flush();
            }
        }
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (logGate)
        {
            if (!logClosed)
            {
                log.WriteLine(line);
            }
        }
    }
}

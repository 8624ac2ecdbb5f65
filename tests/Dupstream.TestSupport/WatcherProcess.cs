using System.Diagnostics;
using System.Globalization;

namespace Dupstream.TestSupport;

/// <summary>
/// The real watcher (<c>dotnet dupstream.dll</c>, or a published executable) as a child process, configured only
/// through the environment its owner gives it, exactly as a user runs it. Its output is kept line by line (and, when
/// asked, written to a log file as it comes); it is killed on dispose whatever state its owner left it in. The
/// integration tests and the latency and scale benchmarks start the watcher through it.
/// </summary>
public sealed class WatcherProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Lock gate = new();
    private readonly List<(bool IsError, string Text)> lines = [];
    private readonly StreamWriter? log;
    private bool logClosed;

    private WatcherProcess(Process process, StreamWriter? log, string? logPath)
    {
        this.process = process;
        this.log = log;
        LogPath = logPath;
    }

    /// <summary>The watcher the test project's reference to src/Dupstream copies next to the running assembly.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "dupstream.dll");

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code once exited (143 = SIGTERM from outside, 137 = SIGKILL).</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>The file stdout and stderr are written to as they come; null when none was asked for.</summary>
    public string? LogPath { get; }

    public string StandardOutput => Join(isError: false);

    /// <summary>The log: the watcher writes every log line to stderr.</summary>
    public string StandardError => Join(isError: true);

    /// <summary>
    /// Starts the watcher of <see cref="DllPath"/> against <paramref name="dockerHost"/> posting to <paramref name="targets"/>.
    /// </summary>
    public static WatcherProcess StartWatching(string dockerHost, IEnumerable<Uri> targets, string? secret, double periodSeconds, params string[] flags) =>
        Start(Environment(dockerHost, targets, secret, periodSeconds), flags);

    /// <summary>The environment <see cref="StartWatching"/> uses, for owners that add to it.</summary>
    public static Dictionary<string, string> Environment(string dockerHost, IEnumerable<Uri> targets, string? secret, double periodSeconds)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = dockerHost,
            ["DUPSTREAM_SERVICE_URL"] = string.Join('|', targets.Select(t => t.ToString())),
            ["DUPSTREAM_PERIOD"] = periodSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (secret is not null)
        {
            environment["DUPSTREAM_SERVICE_SECRET"] = secret;
        }

        return environment;
    }

    /// <summary>Starts the watcher of <see cref="DllPath"/> with <paramref name="environment"/> and <paramref name="args"/>.</summary>
    public static WatcherProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(DllPath, environment, logPath: null, args);

    /// <summary>
    /// Starts <paramref name="watcher"/>: a dupstream.dll (run by dotnet) or a published executable (Native AOT);
    /// no DUPSTREAM_* or DOCKER_* variable of this process leaks in. With <paramref name="logPath"/>, stdout and
    /// stderr also go to that file (created with its folder, overwritten).
    /// </summary>
    public static WatcherProcess Start(string watcher, IReadOnlyDictionary<string, string> environment, string? logPath, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(args);
        if (!File.Exists(watcher))
        {
            throw new InvalidOperationException($"{watcher} is missing; build src/Dupstream (a project reference to it puts dupstream.dll next to the referencing assembly).");
        }

        var isDll = watcher.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isDll ? DotnetHost() : watcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (isDll)
        {
            start.ArgumentList.Add(watcher);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("DUPSTREAM_", StringComparison.Ordinal) || k.StartsWith("DOCKER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // Watchers run side by side and 8080 may be taken: the HTTP listener is off unless the owner asks for a port.
        if (!environment.ContainsKey("DUPSTREAM_HTTP_PORT"))
        {
            start.Environment["DUPSTREAM_HTTP_PORT"] = "0";
        }

        StreamWriter? log = null;
        if (logPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
            log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        }

        var process = new Process { StartInfo = start };
        var started = new WatcherProcess(process, log, logPath);
        process.OutputDataReceived += (_, e) => started.Append(isError: false, e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(isError: true, e.Data);
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start {watcher}.");
            }
        }
        catch
        {
            process.Dispose();
            log?.Dispose();
            throw;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for the process to end (and its output to be read); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The watcher did not exit within {timeout.TotalSeconds:0} s. Log:\n{StandardError}");
        }

        return process.ExitCode;
    }

    /// <summary>Waits for a log line matching <paramref name="match"/>; returns it.</summary>
    public async Task<string> WaitForLogAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        try
        {
            return await Eventually.UntilAsync(() => Task.FromResult(FindLog(match)), timeout, what).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Exited: {HasExited}. Log:\n{StandardError}", ex);
        }
    }

    /// <summary>How many log (stderr) lines match.</summary>
    public int CountLog(Func<string, bool> match)
    {
        lock (gate)
        {
            return lines.Count(l => l.IsError && match(l.Text));
        }
    }

    /// <summary>The last lines of stdout and stderr as they came, to explain a watcher that exited or never posted.</summary>
    public string Tail(int count)
    {
        lock (gate)
        {
            return string.Join('\n', lines.TakeLast(count).Select(l => l.Text));
        }
    }

    /// <summary>
    /// Asks the watcher to stop as an orchestrator does (SIGTERM) and kills it when it has not ended within
    /// <paramref name="grace"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }
        finally
        {
            process.Dispose();
            lock (gate)
            {
                logClosed = true;
                log?.Dispose();
            }
        }
    }

    private string Join(bool isError)
    {
        lock (gate)
        {
            return string.Join('\n', lines.Where(l => l.IsError == isError).Select(l => l.Text));
        }
    }

    private string? FindLog(Func<string, bool> match)
    {
        lock (gate)
        {
            return lines.Where(l => l.IsError).Select(l => l.Text).FirstOrDefault(match);
        }
    }

    private void Append(bool isError, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            lines.Add((isError, line));
            if (!logClosed)
            {
                log?.WriteLine(line);
            }
        }
    }

    // The SDK tells a test host which dotnet runs it; fall back to PATH.
    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

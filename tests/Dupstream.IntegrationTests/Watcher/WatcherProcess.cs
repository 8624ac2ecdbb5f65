using System.Diagnostics;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// The real watcher (<c>dotnet dupstream.dll</c>, copied next to this test assembly by the project reference) as a
/// child process with only the environment a test gives it. Its output is captured line by line; it is killed on
/// dispose whatever state the test left it in.
/// </summary>
public sealed class WatcherProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Lock gate = new();
    private readonly List<string> stdout = [];
    private readonly List<string> stderr = [];

    private WatcherProcess(Process process)
    {
        this.process = process;
    }

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "dupstream.dll");

    public bool HasExited => process.HasExited;

    public string StandardOutput
    {
        get
        {
            lock (gate)
            {
                return string.Join('\n', stdout);
            }
        }
    }

    /// <summary>The log: the watcher writes every log line to stderr.</summary>
    public string StandardError
    {
        get
        {
            lock (gate)
            {
                return string.Join('\n', stderr);
            }
        }
    }

    /// <summary>
    /// Starts the watcher against <paramref name="dockerHost"/> posting to <paramref name="targets"/>; no
    /// DUPSTREAM_* or DOCKER_* variable of the test process leaks in.
    /// </summary>
    public static WatcherProcess StartWatching(string dockerHost, IEnumerable<Uri> targets, string? secret, double periodSeconds, params string[] flags) =>
        Start(Environment(dockerHost, targets, secret, periodSeconds), flags);

    /// <summary>The environment <see cref="StartWatching"/> uses, for tests that add to it.</summary>
    public static Dictionary<string, string> Environment(string dockerHost, IEnumerable<Uri> targets, string? secret, double periodSeconds)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = dockerHost,
            ["DUPSTREAM_SERVICE_URL"] = string.Join('|', targets.Select(t => t.ToString())),
            ["DUPSTREAM_PERIOD"] = periodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (secret is not null)
        {
            environment["DUPSTREAM_SERVICE_SECRET"] = secret;
        }

        return environment;
    }

    public static WatcherProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dll = DllPath;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing; the integration test project references src/Dupstream, so a build puts it there.");
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
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

        // Tests run watchers side by side: the HTTP listener (default 8080) is off unless a test asks for a port.
        if (!environment.ContainsKey("DUPSTREAM_HTTP_PORT"))
        {
            start.Environment["DUPSTREAM_HTTP_PORT"] = "0";
        }

        var process = new Process { StartInfo = start };
        var watcher = new WatcherProcess(process);
        process.OutputDataReceived += (_, e) => watcher.Append(watcher.stdout, e.Data);
        process.ErrorDataReceived += (_, e) => watcher.Append(watcher.stderr, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {start.FileName} {dll}.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return watcher;
    }

    /// <summary>Waits for the process to end (and its output to be read); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
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
            return await Eventually.UntilAsync(() => Task.FromResult(FindLog(match)), timeout, what);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Exited: {HasExited}. Log:\n{StandardError}", ex);
        }
    }

    public int CountLog(Func<string, bool> match)
    {
        lock (gate)
        {
            return stderr.Count(match);
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
            await process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }
        finally
        {
            process.Dispose();
        }
    }

    private string? FindLog(Func<string, bool> match)
    {
        lock (gate)
        {
            return stderr.FirstOrDefault(match);
        }
    }

    private void Append(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            lines.Add(line);
        }
    }

    // The SDK tells the test host which dotnet runs it; fall back to PATH.
    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Dupstream.Bench.Reloads.Nginx;

namespace Dupstream.Bench.Reloads.Receiver;

/// <summary>
/// The real receiver (<c>dupstream-nginx</c>, the Release build) as its own process, configured for the bench
/// nginx: <c>server_address</c> "ip", loopback nodes allowed, and in lua mode <c>apply_mode</c> "lua" with a
/// control socket under nginx's prefix. Its output goes to a log file.
/// </summary>
internal sealed class ReceiverProcess : IAsyncDisposable
{
    private const string Secret = "bench-reloads-secret";
    private readonly Process process;
    private readonly HttpClient http;
    private readonly string logFile;

    private ReceiverProcess(Process process, int port, string logFile)
    {
        this.process = process;
        this.logFile = logFile;
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public static async Task<ReceiverProcess> StartAsync(string executable, ApplyMode mode, BenchNginx nginx, string logFile, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var settings = new Dictionary<string, object>
        {
            ["secret"] = Secret,
            ["upstream_file"] = new Dictionary<string, string> { ["default"] = nginx.UpstreamFile },
            ["server_address"] = "ip",
            ["allow_unsafe_nodes"] = true,
            ["hostsfile"] = Path.Combine(nginx.Prefix, "hosts"),
            ["nginx_test_command"] = nginx.TestCommand,
            ["reload_nginx_command"] = nginx.ReloadCommand,
            ["port"] = port,
            ["listen_address"] = "127.0.0.1",
        };
        if (mode == ApplyMode.Lua)
        {
            settings["apply_mode"] = "lua";
            settings["lua_control_socket"] = Path.Combine(nginx.Prefix, "control", "control.sock");
        }

        var configPath = Path.Combine(nginx.Prefix, "receiver.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(settings), cancellationToken).ConfigureAwait(false);

        // Through the shell only for the redirection; exec keeps the receiver's own process id.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = nginx.Prefix };
        foreach (var argument in (string[])["-c", "exec \"$0\" --config \"$1\" >\"$2\" 2>&1", executable, configPath, logFile])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var receiver = new ReceiverProcess(process, port, logFile);
        try
        {
            await receiver.WaitUntilHealthyAsync(cancellationToken).ConfigureAwait(false);
            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public int ProcessId => process.Id;

    /// <summary>POSTs a snapshot as the watcher does; throws unless the answer is 200.</summary>
    public async Task<ReceiverAnswer> PostAsync(byte[] snapshot, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("lb", UriKind.Relative)) { Content = new ByteArrayContent(snapshot) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-SECRET", Secret);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var answeredAt = Stopwatch.GetTimestamp();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /lb answered {(int)response.StatusCode}: {text}");
        }

        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        bool Flag(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
        return new ReceiverAnswer(
            Stopwatch.GetElapsedTime(started, answeredAt).TotalMilliseconds,
            answeredAt,
            root.TryGetProperty("result", out var result) ? result.GetString() ?? "" : "",
            Flag("reloaded"),
            Flag("memory_updated"));
    }

    public async Task<ReceiverCounters> CountersAsync(CancellationToken cancellationToken) =>
        ReceiverCounters.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false));

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        var state = await Eventually.UntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    return "exited";
                }

                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                return response.IsSuccessStatusCode ? "up" : null;
            },
            TimeSpan.FromSeconds(30),
            "the receiver to answer /healthz").ConfigureAwait(false);
        if (state == "exited")
        {
            // Its first line names the setting it refused (the rest is in the log file).
            var refusal = File.Exists(logFile) ? File.ReadLines(logFile).FirstOrDefault() ?? "" : "";
            var setting = refusal.LastIndexOf(".json: ", StringComparison.Ordinal) is var at and >= 0 ? refusal[(at + ".json: ".Length)..] : refusal;
            throw new ReceiverRefusedException($"the receiver stopped at start (exit {process.ExitCode}): {setting}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        if (!process.HasExited)
        {
            // SIGTERM: the receiver stops as it would under systemd or docker stop.
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dupstream.Contracts;
using Dupstream.SyntheticEngine.Snapshots;

namespace Dupstream.Bench.Scale;

/// <summary>
/// The receiver at size with a real nginx: the dupstream-nginx process and a private nginx on loopback ports.
/// Times, from the client, POSTs of a changed 2,000-upstream snapshot (validate, render, write, nginx -t,
/// reload) and of an unchanged one; and, for the breakdown, nginx -t and the reload signal on their own.
/// </summary>
internal static class ReceiverBench
{
    public static async Task<int> RunAsync(string receiver, int upstreams, int nodes, int perService, int changedRuns, int unchangedRuns, string? outFile, CancellationToken cancellationToken)
    {
        await using var nginx = await PrivateNginx.StartAsync(cancellationToken).ConfigureAwait(false);
        var port = FreePort.Next();
        var configPath = Path.Combine(nginx.Prefix, "receiver.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["secret"] = "bench-secret",
            ["upstream_file"] = new Dictionary<string, string> { ["default"] = nginx.UpstreamFile },
            ["server_address"] = "ip",
            ["hostsfile"] = Path.Combine(nginx.Prefix, "hosts"),
            ["nginx_test_command"] = nginx.TestCommand,
            ["reload_nginx_command"] = nginx.ReloadCommand,
            ["port"] = port,
            ["listen_address"] = "127.0.0.1",
        }), cancellationToken).ConfigureAwait(false);

        var start = new ProcessStartInfo(receiver) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = nginx.Prefix };
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{receiver} did not start");
        var log = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        var report = new StringBuilder();
        try
        {
            await WaitForHealthAsync(http, process, log, cancellationToken).ConfigureAwait(false);
            var a = SnapshotJson.Serialize(SyntheticSnapshots.Create(upstreams, nodes, perService, variant: 0));
            var b = SnapshotJson.Serialize(SyntheticSnapshots.Create(upstreams, nodes, perService, variant: 1));

            var first = await PostAsync(http, a, "applied", cancellationToken).ConfigureAwait(false);
            var changed = new List<double>();
            for (var run = 0; run < changedRuns; run++)
            {
                changed.Add(await PostAsync(http, run % 2 == 0 ? b : a, "applied", cancellationToken).ConfigureAwait(false));
            }

            var last = changedRuns % 2 == 0 ? a : b;
            var unchanged = new List<double>();
            for (var run = 0; run < unchangedRuns; run++)
            {
                unchanged.Add(await PostAsync(http, last, "unchanged", cancellationToken).ConfigureAwait(false));
            }

            var test = new List<double>();
            var reload = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                test.Add(await TimeShellAsync(nginx.TestCommand, cancellationToken).ConfigureAwait(false));
                reload.Add(await TimeShellAsync(nginx.ReloadCommand, cancellationToken).ConfigureAwait(false));
            }

            var blocks = File.ReadLines(nginx.UpstreamFile).Count(line => line.StartsWith("upstream ", StringComparison.Ordinal));
            var servers = File.ReadLines(nginx.UpstreamFile).Count(line => line.StartsWith("\tserver\t", StringComparison.Ordinal));
            var answers = await nginx.AnswersAsync(cancellationToken).ConfigureAwait(false);
            var rss = ProcSample.Read(process.Id);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"### Receiver: {upstreams} upstreams, {perService} servers each, real nginx"))
                .AppendLine()
                .AppendLine($"Load before the run: `{(await File.ReadAllTextAsync("/proc/loadavg", cancellationToken).ConfigureAwait(false)).Trim()}`")
                .AppendLine()
                .AppendLine(string.Create(CultureInfo.InvariantCulture, $"Snapshot {a.Length / 1024.0:0} KB of JSON; upstream file {new FileInfo(nginx.UpstreamFile).Length / 1024.0:0} KB with {blocks} upstream blocks and {servers} server lines; nginx still answering after the run: {(answers ? "yes" : "NO")}; receiver RSS after the run {(rss?.RssKb ?? 0) / 1024.0:0.0} MB (peak {(rss?.PeakRssKb ?? 0) / 1024.0:0.0} MB)."))
                .AppendLine()
                .AppendLine("| POST /lb, timed at the client | runs | median ms | max ms |")
                .AppendLine("|---|---:|---:|---:|")
                .AppendLine(string.Create(CultureInfo.InvariantCulture, $"| first apply (empty file -> {upstreams} upstreams) | 1 | {first:0.0} | {first:0.0} |"))
                .AppendLine(string.Create(CultureInfo.InvariantCulture, $"| changed snapshot (one upstream differs): validate, render, write, nginx -t, reload | {changed.Count} | **{Stats.Median(changed):0.0}** | {changed.Max():0.0} |"))
                .AppendLine(string.Create(CultureInfo.InvariantCulture, $"| unchanged snapshot (render, compare, nothing written) | {unchanged.Count} | **{Stats.Median(unchanged):0.00}** | {unchanged.Max():0.00} |"))
                .AppendLine(string.Create(CultureInfo.InvariantCulture, $"| for the breakdown: `nginx -t` alone on this config | {test.Count} | {Stats.Median(test):0.0} | {test.Max():0.0} |"))
                .AppendLine(string.Create(CultureInfo.InvariantCulture, $"| for the breakdown: `nginx -s reload` alone (signals the master, which reloads on its own) | {reload.Count} | {Stats.Median(reload):0.0} | {reload.Max():0.0} |"))
                .AppendLine();
            Console.Write(report.ToString());
            if (outFile is not null)
            {
                await File.WriteAllTextAsync(outFile, report.ToString(), cancellationToken).ConfigureAwait(false);
            }

            return answers ? 0 : 1;
        }
        finally
        {
            if (!process.HasExited)
            {
                await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], cancellationToken: CancellationToken.None).ConfigureAwait(false);
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
        }
    }

    private static async Task WaitForHealthAsync(HttpClient http, Process process, Task<string> log, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The receiver exited ({process.ExitCode}): {await log.ConfigureAwait(false)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("The receiver did not answer /healthz within 30 s.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<double> PostAsync(HttpClient http, byte[] body, string expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("lb", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-SECRET", "bench-secret");
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        using var json = JsonDocument.Parse(text);
        var result = json.RootElement.TryGetProperty("result", out var value) ? value.GetString() : null;
        if (!response.IsSuccessStatusCode || result != expected)
        {
            throw new InvalidOperationException($"POST /lb answered {(int)response.StatusCode} '{result}' where '{expected}' was expected: {text}");
        }

        return elapsed;
    }

    private static async Task<double> TimeShellAsync(string commandLine, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (code, _, error) = await ProcessRunner.RunAsync("/bin/sh", ["-c", commandLine], cancellationToken: cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return code == 0 ? elapsed : throw new InvalidOperationException($"'{commandLine}' failed ({code}): {error}");
    }
}

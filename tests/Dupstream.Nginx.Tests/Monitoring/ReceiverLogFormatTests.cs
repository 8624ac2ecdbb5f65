using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Monitoring;

/// <summary>The real receiver (dupstream-nginx.dll, next to this test assembly) as a child process: its console log lines.</summary>
public sealed partial class ReceiverLogFormatTests
{
    [Fact]
    public async Task With_DUPSTREAM_LOG_FORMAT_json_every_log_line_is_one_json_object()
    {
        var (_, lines) = await RunAsync("json", untilListening: true);

        Assert.NotEmpty(lines);
        var roots = lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.All(roots, root => Assert.True(root.TryGetProperty("Timestamp", out _) && root.TryGetProperty("Message", out _)));
        var listening = Assert.Single(roots, root => root.GetProperty("EventId").GetInt32() == 3001);
        Assert.Equal("/lb", listening.GetProperty("State").GetProperty("Endpoint").GetString());
        Assert.All(lines, line => Assert.DoesNotContain("s3cret", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task By_default_every_log_line_is_one_plain_line_with_a_utc_timestamp()
    {
        var (_, lines) = await RunAsync(null, untilListening: true);

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(PlainLine(), line));
        Assert.Contains(lines, line => line.Contains("dupstream-nginx listening on http://127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_log_format_stops_the_start_naming_the_variable()
    {
        var (code, lines) = await RunAsync("xml", untilListening: false);

        Assert.Equal(2, code);
        Assert.Contains("DUPSTREAM_LOG_FORMAT: 'xml' is not a log format; use 'plain' (default) or 'json'.", lines);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warn|fail|crit|dbug|trce): [A-Za-z.]+\[\d+\] ")]
    private static partial Regex PlainLine();

    private static async Task<(int? ExitCode, IReadOnlyList<string> Lines)> RunAsync(string? format, bool untilListening)
    {
        using var dir = new TempDirectory();
        TestConfigs.Load(dir, new JsonObject());
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dupstream-nginx.dll"));
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(dir.File("config.json"));
        start.WorkingDirectory = dir.Path;
        start.Environment.Remove("DUPSTREAM_LOG_FORMAT");
        if (format is not null)
        {
            start.Environment["DUPSTREAM_LOG_FORMAT"] = format;
        }

        var lines = new List<string>();
        var gate = new Lock();
        using var process = new Process { StartInfo = start };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (gate)
                {
                    lines.Add(line);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        int? code = null;
        try
        {
            if (untilListening)
            {
                await Poll.UntilAsync(
                    () =>
                    {
                        lock (gate)
                        {
                            return lines.Any(line => line.Contains("listening on", StringComparison.Ordinal));
                        }
                    },
                    "the receiver logged that it listens",
                    timeoutSeconds: 20);
            }
            else
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await process.WaitForExitAsync(timeout.Token);
                code = process.ExitCode;
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        lock (gate)
        {
            return (code, [.. lines]);
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

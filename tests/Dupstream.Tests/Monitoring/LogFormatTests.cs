using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dupstream.Tests.Support;

namespace Dupstream.Tests.Monitoring;

/// <summary>The real program (dupstream.dll, next to this test assembly) as a child process: its log lines on stderr.</summary>
public partial class LogFormatTests
{
    private const string Secret = "log-format-secret-3141";

    [Fact]
    public async Task With_DUPSTREAM_LOG_FORMAT_json_every_log_line_is_one_json_object()
    {
        var lines = await RunUntilListingFailsAsync("json");

        Assert.All(lines, line =>
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.True(root.TryGetProperty("Timestamp", out _), line);
            Assert.True(root.TryGetProperty("LogLevel", out _), line);
            Assert.True(root.TryGetProperty("Message", out _), line);
        });
        var events = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("EventId").GetInt32()).ToList();
        Assert.Contains(100, events);
        Assert.Contains(200, events);
        var started = lines.Select(line => JsonDocument.Parse(line).RootElement).First(root => root.GetProperty("EventId").GetInt32() == 100);
        Assert.Equal("http://127.0.0.1:9/lb", started.GetProperty("State").GetProperty("Targets").GetString());
        Assert.All(lines, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task By_default_every_log_line_is_one_plain_line_with_a_utc_timestamp()
    {
        var lines = await RunUntilListingFailsAsync(null);

        Assert.All(lines, line => Assert.Matches(PlainLine(), line));
        Assert.Contains(lines, line => line.Contains("dupstream", StringComparison.Ordinal) && line.Contains(" started: ", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warn|fail|crit|dbug|trce): [A-Za-z.]+\[\d+\] ")]
    private static partial Regex PlainLine();

    /// <summary>Runs the watcher against an engine socket that does not exist until it logs a failed listing.</summary>
    private static async Task<IReadOnlyList<string>> RunUntilListingFailsAsync(string? format)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dupstream.dll"));
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("DUPSTREAM_", StringComparison.Ordinal) || k.StartsWith("DOCKER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOCKER_HOST"] = "unix:///nonexistent/dupstream-log-test.sock";
        start.Environment["DUPSTREAM_SERVICE_URL"] = "http://127.0.0.1:9/lb";
        start.Environment["DUPSTREAM_SERVICE_SECRET"] = Secret;
        start.Environment["DUPSTREAM_PERIOD"] = "0.2";
        start.Environment["DUPSTREAM_HTTP_PORT"] = "0";
        if (format is not null)
        {
            start.Environment["DUPSTREAM_LOG_FORMAT"] = format;
        }

        var lines = new List<string>();
        var gate = new Lock();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (gate)
                {
                    lines.Add(line);
                }
            }
        };
        Assert.True(process.Start());
        process.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(
                () =>
                {
                    lock (gate)
                    {
                        return lines.Count(line => line.Contains("Reading the swarm failed", StringComparison.Ordinal)) >= 2;
                    }
                },
                "the watcher logged failed listings");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Cancel);
        }

        lock (gate)
        {
            return [.. lines];
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

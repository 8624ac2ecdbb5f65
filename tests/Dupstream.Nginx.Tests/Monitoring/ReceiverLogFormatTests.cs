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

    private static Task<(int? ExitCode, IReadOnlyList<string> Lines)> RunAsync(string? format, bool untilListening) =>
        ReceiverProcess.RunAsync(new JsonObject(), format, untilListening);
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Nginx;
using Dupstream.IntegrationTests.Support;
using Dupstream.IntegrationTests.Watcher;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Monitoring;

/// <summary>
/// Issue 7: the watcher's /healthz and /metrics with the real engine. The engine "stops" through a proxy the test
/// controls (<see cref="CountingEngineProxy.TakeDown"/>): deterministic, and the shared engine keeps running.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class WatcherHealthTests(SwarmLab lab, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Healthz_is_200_with_the_engine_503_while_it_is_gone_and_200_when_it_is_back()
    {
        await using var engine = new CountingEngineProxy(lab.DockerHost);
        await using var target = await RecordingTarget.StartAsync();
        var port = FreePort.Next();
        var environment = WatcherProcess.Environment(engine.DockerHost, [target.Url], "health-secret", 0.5);
        environment["DUPSTREAM_HTTP_ADDRESS"] = "127.0.0.1";
        environment["DUPSTREAM_HTTP_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        environment["DUPSTREAM_LOG_FORMAT"] = "json";
        await using var watcher = WatcherProcess.Start(environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };

        var healthy = await HealthAsync(http, HttpStatusCode.OK, "/healthz 200 with the engine answering", watcher);
        Assert.Equal("ok", healthy.GetProperty("status").GetString());
        await target.WaitForPostAsync(_ => true, Patience, "the first snapshot");
        var metrics = await Eventually.UntilAsync(
            async () =>
            {
                var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                // The first delivery can come from the start-up listing before the event stream is open: wait for both.
                return Sample(text, $"dupstream_deliveries_total{{target=\"{target.Url}\",outcome=\"success\"}}") >= 1
                    && Sample(text, "dupstream_event_stream_connected") == 1 ? text : null;
            },
            Patience,
            "the delivery and the open event stream in /metrics");
        Assert.Equal(1, Sample(metrics, "dupstream_event_stream_connected"));

        engine.TakeDown();
        var failing = await HealthAsync(http, HttpStatusCode.ServiceUnavailable, "/healthz 503 with the engine gone", watcher);
        var reason = failing.GetProperty("reason").GetString()!;
        output.WriteLine($"503: {reason}");
        Assert.StartsWith("engine not answering since ", reason, StringComparison.Ordinal);
        Assert.Equal("disconnected", failing.GetProperty("event_stream").GetString());
        var stale = failing.GetProperty("checked_at").GetDateTimeOffset() - failing.GetProperty("last_listing").GetDateTimeOffset();
        Assert.True(stale > TimeSpan.FromSeconds(10), $"503 only after the threshold (10 s for a 0.5 s period); the last listing was {stale} old.");
        var down = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.True(Sample(down, "dupstream_engine_errors_total{operation=\"listing\"}") >= 1);
        Assert.Equal(0, Sample(down, "dupstream_healthy"));

        engine.BringBack();
        var recovered = await HealthAsync(http, HttpStatusCode.OK, "/healthz 200 with the engine back", watcher);
        Assert.Equal(JsonValueKind.Null, recovered.GetProperty("reason").ValueKind);
        var reconnected = await Eventually.UntilAsync(
            async () =>
            {
                var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                return Sample(text, "dupstream_event_stream_reconnects_total") >= 1 && Sample(text, "dupstream_event_stream_connected") == 1 ? text : null;
            },
            Patience,
            "the event stream reconnected");
        Assert.Equal(1, Sample(reconnected, "dupstream_healthy"));

        // DUPSTREAM_LOG_FORMAT=json: every line the watcher logged through all of this is one JSON object.
        var lines = watcher.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.Contains("\"EventId\":200", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        Assert.DoesNotContain("health-secret", watcher.StandardError, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> HealthAsync(HttpClient http, HttpStatusCode wanted, string what, WatcherProcess watcher)
    {
        try
        {
            var text = await Eventually.UntilAsync(
                async () =>
                {
                    using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                    return response.StatusCode == wanted ? await response.Content.ReadAsStringAsync() : null;
                },
                Patience,
                what);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Exited: {watcher.HasExited}. Log:\n{watcher.StandardError}", ex);
        }
    }

    private static double? Sample(string exposition, string series) =>
        exposition.Split('\n').Where(line => line.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(line => (double?)double.Parse(line[(series.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture))
            .FirstOrDefault();
}

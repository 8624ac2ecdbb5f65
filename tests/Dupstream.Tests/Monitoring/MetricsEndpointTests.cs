using Dupstream.Tests.Support;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Monitoring;

/// <summary>GET /metrics over real HTTP while the host delivers to a real HTTP target on 127.0.0.1.</summary>
public class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_present_and_move_with_listings_and_deliveries()
    {
        var engine = new FakeEngine
        {
            Nodes = [Node("id-a", "a", addr: "10.231.0.1"), Node("id-b", "b", addr: "10.231.0.2")],
            Services = [Service("svc-web", "web", Port(8080, 80))],
            Tasks = [Task("t1", "svc-web", "id-a")],
        };
        await using var receiver = await LoopbackReceiver.StartAsync();
        var withCredentials = new UriBuilder(receiver.Url) { UserName = "lb", Password = "pa55word" }.Uri;
        await using var host = await MonitoredHost.StartAsync(engine, [withCredentials], periodSeconds: 0.2);
        var target = $"target=\"{receiver.Url}\"";
        var delivered = $"dupstream_deliveries_total{{{target},outcome=\"success\"}}";

        // The first delivery can come from the start-up listing before the event stream is open; the event below needs it open.
        var first = await ScrapeUntilAsync(
            host,
            text => PrometheusText.Value(text, delivered) >= 1 && PrometheusText.Value(text, "dupstream_event_stream_connected") == 1,
            "the first delivery is counted and the event stream is open");

        Assert.Equal(2, PrometheusText.Value(first, "dupstream_snapshot_nodes"));
        Assert.Equal(1, PrometheusText.Value(first, "dupstream_snapshot_services"));
        Assert.Equal(1, PrometheusText.Value(first, "dupstream_healthy"));
        Assert.Equal(1, PrometheusText.Value(first, "dupstream_event_stream_connected"));
        Assert.True(PrometheusText.Value(first, "dupstream_refreshes_total{kind=\"full\",outcome=\"success\"}") >= 1);
        Assert.Equal(0, PrometheusText.Value(first, $"dupstream_deliveries_total{{{target},outcome=\"no_answer\"}}"));
        Assert.True(PrometheusText.Value(first, $"dupstream_delivery_duration_seconds_count{{{target}}}") >= 1);
        Assert.NotNull(PrometheusText.Value(first, $"dupstream_target_seconds_since_last_success{{{target}}}"));
        Assert.Contains("# TYPE dupstream_delivery_duration_seconds histogram", first, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", first, StringComparison.Ordinal);
        Assert.DoesNotContain("monitoring-secret", first, StringComparison.Ordinal);

        // A second service, announced by an engine event.
        engine.Services = [Service("svc-web", "web", Port(8080, 80)), Service("svcapi", "api", Port(8081, 81))];
        engine.Tasks = [Task("t1", "svc-web", "id-a"), Task("t2", "svcapi", "id-b")];
        engine.CurrentStream!.Writer.TryWrite(new Dupstream.Docker.EngineEvent("service", "create", "svcapi", 0));
        var second = await ScrapeUntilAsync(
            host,
            text => PrometheusText.Value(text, delivered) >= 2 && PrometheusText.Value(text, $"dupstream_target_up_to_date{{{target}}}") == 1,
            "the changed snapshot is delivered");

        Assert.Equal(2, PrometheusText.Value(second, "dupstream_snapshot_services"));
        Assert.True(PrometheusText.Value(second, "dupstream_snapshot_changes_total") >= 2);
        // The event asked about the changed service only (full listings may have come before the stream was live).
        Assert.Contains("services:svcapi", engine.FilteredRequests);
    }

    [Fact]
    public async Task Engine_errors_and_failed_refreshes_are_counted()
    {
        var engine = new FakeEngine { Failure = new HttpRequestException("Connection refused (scripted engine)") };
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await MonitoredHost.StartAsync(engine, [receiver.Url], periodSeconds: 0.2);

        var text = await ScrapeUntilAsync(
            host,
            text => PrometheusText.Value(text, "dupstream_engine_errors_total{operation=\"listing\"}") >= 2
                && PrometheusText.Value(text, "dupstream_engine_errors_total{operation=\"events\"}") >= 1,
            "failed listings and event-stream attempts are counted");

        Assert.True(PrometheusText.Value(text, "dupstream_refreshes_total{kind=\"full\",outcome=\"failure\"}") >= 2);
        Assert.Equal(0, PrometheusText.Value(text, "dupstream_healthy"));
        Assert.Equal(0, PrometheusText.Value(text, "dupstream_event_stream_connected"));
        Assert.Equal(0, PrometheusText.Value(text, "dupstream_last_listing_timestamp_seconds"));
    }

    private static Task<string> ScrapeUntilAsync(MonitoredHost host, Func<string, bool> condition, string because) =>
        Eventually.UntilAsync<string>(
            async () =>
            {
                var text = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                return condition(text) ? text : null;
            },
            because);
}

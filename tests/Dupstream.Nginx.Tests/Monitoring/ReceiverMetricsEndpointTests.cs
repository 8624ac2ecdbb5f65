using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Tests.Api;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Monitoring;

/// <summary>GET /metrics of the real receiver over HTTP on loopback, after real applies (reloads counted in a file).</summary>
public sealed class ReceiverMetricsEndpointTests
{
    private static async Task<HttpStatusCode> PostAsync(RunningReceiver receiver, SwarmSnapshot snapshot, string secret = "s3cret")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = new ByteArrayContent(SnapshotJson.Serialize(snapshot)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Add("X-SECRET", secret);
        using var response = await receiver.Client.SendAsync(request);
        return response.StatusCode;
    }

    private static double? Value(string exposition, string series) =>
        exposition.Split('\n').Where(line => line.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(line => (double?)double.Parse(line[(series.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture))
            .FirstOrDefault();

    [Fact]
    public async Task Applies_reloads_rejections_durations_and_requests_are_counted()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var before = await receiver.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(0, Value(before, "dupstream_nginx_applies_total{result=\"applied\"}"));
        Assert.Equal(0, Value(before, "dupstream_nginx_reloads_total{outcome=\"success\"}"));

        var withBadName = new SwarmSnapshot
        {
            Nodes = [Snapshots.Node("n1", "node-1", "10.0.0.1")],
            Services = [Snapshots.Service("web", 8080, ["n1"]), Snapshots.Service("bad name", 8081, ["n1"])],
        };
        Assert.Equal(HttpStatusCode.OK, await PostAsync(receiver, withBadName));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(receiver, withBadName));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(receiver, withBadName, secret: "wrong"));

        var after = await receiver.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(1, receiver.Reloads);
        Assert.Equal(1, Value(after, "dupstream_nginx_applies_total{result=\"applied\"}"));
        Assert.Equal(1, Value(after, "dupstream_nginx_applies_total{result=\"unchanged\"}"));
        Assert.Equal(1, Value(after, "dupstream_nginx_reloads_total{outcome=\"success\"}"));
        Assert.Equal(0, Value(after, "dupstream_nginx_reloads_total{outcome=\"failure\"}"));
        Assert.Equal(2, Value(after, "dupstream_nginx_rejected_services_total{reason=\"invalid_name\"}"));
        Assert.Equal(2, Value(after, "dupstream_nginx_apply_duration_seconds_count"));
        Assert.True(Value(after, "dupstream_nginx_last_applied_timestamp_seconds") > 0);
        Assert.Equal(2, Value(after, "dupstream_nginx_requests_total{route=\"snapshot\",status=\"200\"}"));
        Assert.Equal(1, Value(after, "dupstream_nginx_requests_total{route=\"snapshot\",status=\"401\"}"));
        Assert.True(Value(after, "dupstream_nginx_requests_total{route=\"metrics\",status=\"200\"}") >= 1);
        Assert.DoesNotContain("s3cret", after, StringComparison.Ordinal);
        Assert.DoesNotContain("bad name", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_reload_is_counted_as_a_failed_reload()
    {
        await using var receiver = await RunningReceiver.StartAsync(new JsonObject { ["reload_nginx_command"] = "false" });

        Assert.Equal(HttpStatusCode.InternalServerError, await PostAsync(receiver, Snapshots.Web(8080)));
        var text = await receiver.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(1, Value(text, "dupstream_nginx_applies_total{result=\"reload_failed\"}"));
        Assert.Equal(1, Value(text, "dupstream_nginx_reloads_total{outcome=\"failure\"}"));
        Assert.Equal(0, Value(text, "dupstream_nginx_last_applied_timestamp_seconds"));
    }
}

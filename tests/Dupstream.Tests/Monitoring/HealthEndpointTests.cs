using System.Net;
using System.Text.Json;
using Dupstream.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Monitoring;

/// <summary>GET /healthz over real HTTP while a scripted engine answers, fails for longer than the threshold, and recovers.</summary>
public class HealthEndpointTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(10);

    private static FakeEngine Swarm() => new()
    {
        Nodes = [Node("id-a", "a", addr: "10.231.0.1")],
        Services = [Service("svc-web", "web", Port(8080, 80))],
        Tasks = [Task("t1", "svc-web", "id-a")],
    };

    [Fact]
    public async Task Healthz_turns_503_with_the_reason_when_the_engine_fails_past_the_threshold_and_200_when_it_recovers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var engine = Swarm();
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await MonitoredHost.StartAsync(engine, [receiver.Url], periodSeconds: 3, time);

        var healthy = await PollAsync(host, time, TimeSpan.FromMilliseconds(10), HttpStatusCode.OK, streamConnected: true);
        Assert.Equal("ok", healthy.GetProperty("status").GetString());
        Assert.Equal(10, healthy.GetProperty("threshold_seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, healthy.GetProperty("reason").ValueKind);
        Assert.Equal("connected", healthy.GetProperty("event_stream").GetString());

        engine.Failure = new HttpRequestException("Connection refused (scripted engine)");
        var failing = await PollAsync(host, time, TimeSpan.FromSeconds(1), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("failing", failing.GetProperty("status").GetString());
        var reason = failing.GetProperty("reason").GetString()!;
        Assert.StartsWith("engine not answering since ", reason, StringComparison.Ordinal);
        Assert.EndsWith("HttpRequestException: Connection refused (scripted engine)", reason, StringComparison.Ordinal);
        var stale = failing.GetProperty("checked_at").GetDateTimeOffset() - failing.GetProperty("last_listing").GetDateTimeOffset();
        Assert.True(stale > Threshold, $"503 only once the last listing is older than the threshold; it was {stale} old.");

        engine.Failure = null;
        var recovered = await PollAsync(host, time, TimeSpan.FromSeconds(1), HttpStatusCode.OK);
        Assert.Equal("ok", recovered.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, recovered.GetProperty("last_error").ValueKind);
        Assert.True(recovered.GetProperty("last_listing").GetDateTimeOffset() > failing.GetProperty("checked_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Healthz_lists_each_target_without_credentials()
    {
        var engine = Swarm();
        await using var receiver = await LoopbackReceiver.StartAsync();
        var withCredentials = new UriBuilder(receiver.Url) { UserName = "lb", Password = "pa55word", Query = "token=t0ken" }.Uri;
        await using var host = await MonitoredHost.StartAsync(engine, [withCredentials], periodSeconds: 0.2);

        await Eventually.TrueAsync(() => receiver.Posts > 0, "the target received the snapshot");
        var body = await Eventually.UntilAsync<string>(
            async () =>
            {
                var text = await host.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative));
                return text.Contains("\"up_to_date\":true", StringComparison.Ordinal) ? text : null;
            },
            "the target shows as up to date");

        Assert.DoesNotContain("pa55word", body, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken", body, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(body);
        var target = Assert.Single(document.RootElement.GetProperty("targets").EnumerateArray().ToList());
        Assert.Equal(receiver.Url.ToString(), target.GetProperty("target").GetString());
        Assert.NotEqual(JsonValueKind.Null, target.GetProperty("last_success").ValueKind);
    }

    [Fact]
    public async Task The_root_answers_a_fixed_page_and_other_paths_404()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await MonitoredHost.StartAsync(Swarm(), [receiver.Url], periodSeconds: 0.2);

        var root = await host.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var missing = await host.Client.GetAsync(new Uri("/nothing-here", UriKind.Relative));

        Assert.Equal(Dupstream.Monitoring.MonitoringServer.RootPage, root);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>Advances the fake clock one step per poll until /healthz answers <paramref name="wanted"/>; returns its body.</summary>
    private static async Task<JsonElement> PollAsync(MonitoredHost host, FakeTimeProvider time, TimeSpan step, HttpStatusCode wanted, bool streamConnected = false)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();
            // The first listing and the event stream's connection race each other: wait for both when asked to.
            if (response.StatusCode == wanted && (!streamConnected || text.Contains("\"event_stream\":\"connected\"", StringComparison.Ordinal)))
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }

            if (deadline.Elapsed > Eventually.DefaultTimeout)
            {
                Assert.Fail($"/healthz never answered {(int)wanted}; last {(int)response.StatusCode}: {text}");
            }

            time.Advance(step);
            await System.Threading.Tasks.Task.Delay(1, TestContext.Cancel);
        }
    }
}

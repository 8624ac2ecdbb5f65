using System.Diagnostics;
using System.Globalization;
using Dupstream.IntegrationTests.EndToEnd;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Dupstream.IntegrationTests.Watcher;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Faults;

/// <summary>
/// Issue 6, node loss with traffic, every part real: two-node swarm -> dupstream -> dupstream-nginx -> nginx
/// (<c>proxy_next_upstream error timeout http_502 http_503 http_504; proxy_connect_timeout 1s; proxy_read_timeout 2s</c>)
/// -> busybox httpd on both nodes. A bounded loop of requests (one every 50 ms) runs through nginx while node2's link is
/// cut; it counts the requests that failed and times how long node2 stayed in the upstream file.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class NodeLossUnderTrafficTests(SwarmLab lab, PrivateNginx nginx, ITestOutputHelper output) : IClassFixture<PrivateNginx>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TrafficLimit = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan TrafficAfterLeaving = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Nginx_answers_every_request_through_the_remaining_node_while_the_lost_node_leaves_the_upstream()
    {
        Assert.True(lab.NodeCount == 2, "This test needs the two-node lab (scripts/lab.sh up --nodes 2).");
        var web = SwarmLab.UniqueName("fault-web");
        var port = lab.FreeTcpPort();
        var (managerServer, node2Server) = ($"{lab.ManagerAddress}:{port}", $"{lab.Node2Address}:{port}");
        await using var receiver = await PipelineReceiver.StartAsync(nginx, SwarmLab.UniqueName("fault-nl"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(web) { Global = true, HostPort = port });
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [receiver.Url], receiver.Secret, 1);
            await Eventually.UntilAsync(
                () => receiver.UpstreamText.Contains(managerServer, StringComparison.Ordinal) && receiver.UpstreamText.Contains(node2Server, StringComparison.Ordinal),
                Patience,
                $"{web} on both nodes in the upstream file (now:\n{receiver.UpstreamText})");
            var site = await nginx.AddProxySiteAsync(web, web, readTimeout: "2s");
            await Eventually.UntilAsync(
                async () => (await http.GetStringAsync(site)).Trim() == lab.Node2Hostname,
                Patience,
                "node2 answering through nginx before the cut");

            var requests = new List<ProxiedRequest>();
            TimeSpan? left = null;
            var clock = Stopwatch.StartNew();
            try
            {
                await lab.LabAsync("node2-link", "down");
                var cut = clock.Elapsed;
                using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
                while (clock.Elapsed - cut < TrafficLimit)
                {
                    requests.Add(await RequestAsync(http, site, clock));
                    if (left is null && !receiver.UpstreamText.Contains(node2Server, StringComparison.Ordinal))
                    {
                        left = clock.Elapsed - cut;
                    }

                    if (left is not null && clock.Elapsed - cut > left + TrafficAfterLeaving)
                    {
                        break;
                    }

                    await pace.WaitForNextTickAsync();
                }
            }
            finally
            {
                await lab.LabAsync("node2-link", "up");
                await Eventually.UntilAsync(
                    async () => (await lab.NodeStatusesAsync()).GetValueOrDefault(lab.Node2Hostname) == "Ready",
                    TimeSpan.FromSeconds(90),
                    "node2 to be Ready again after its link came back");
            }

            var failed = requests.Where(r => r.Error is not null).ToList();
            var slowest = requests.Max(r => r.Duration);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{requests.Count} requests through nginx while node2 was cut off, {failed.Count} failed; node2 left the upstream file {left?.TotalSeconds:0.0} s after the cut; answered by node1 {requests.Count(r => r.AnsweredBy == lab.ManagerHostname)}, node2 {requests.Count(r => r.AnsweredBy == lab.Node2Hostname)}; slowest {slowest.TotalMilliseconds:0} ms, {requests.Count(r => r.Duration > TimeSpan.FromMilliseconds(900))} over 900 ms (connect timeouts to node2 retried on node1)"));
            foreach (var failure in failed.Take(5))
            {
                output.WriteLine($"  failed at {failure.At.TotalSeconds:0.00} s: {failure.Error}");
            }

            Assert.True(left is not null, $"node2 never left the upstream file within {TrafficLimit.TotalSeconds} s:\n{receiver.UpstreamText}\nwatcher log:\n{watcher.StandardError}");
            Assert.Contains(managerServer, receiver.UpstreamText, StringComparison.Ordinal);
            Assert.Empty(failed);

            // The real receiver verifies each signed POST: none may have been refused.
            Assert.True(watcher.CountLog(l => l.Contains("failed: status 401", StringComparison.Ordinal)) == 0, $"signed POSTs were refused:\n{watcher.StandardError}");
            Assert.True(requests.Count >= 100, $"only {requests.Count} requests ran");
        }
        finally
        {
            await lab.RemoveServiceAsync(web);
        }
    }

    private static async Task<ProxiedRequest> RequestAsync(HttpClient http, Uri site, Stopwatch clock)
    {
        var at = clock.Elapsed;
        try
        {
            using var response = await http.GetAsync(site);
            var body = (await response.Content.ReadAsStringAsync()).Trim();
            return response.IsSuccessStatusCode
                ? new ProxiedRequest(at, clock.Elapsed - at, body, null)
                : new ProxiedRequest(at, clock.Elapsed - at, null, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new ProxiedRequest(at, clock.Elapsed - at, null, ex.Message);
        }
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Dupstream.IntegrationTests.Watcher;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 3 end to end, every part real: two-node swarm -> dupstream (subprocess) -> dupstream-nginx (in-process,
/// <c>server_address: ip</c>, <c>upstream.always: false</c>) -> nginx (private, loopback) -> busybox httpd of the
/// swarm service on each node.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed partial class SwarmToNginxTests(SwarmLab lab, PrivateNginx nginx, ITestOutputHelper output) : IClassFixture<PrivateNginx>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Requests_through_nginx_reach_each_node_and_follow_scaling_to_zero_and_removal()
    {
        Assert.True(lab.NodeCount == 2, "This test needs the two-node lab (scripts/lab.sh up --nodes 2).");
        var web = SwarmLab.UniqueName("e2e-web");
        var solo = SwarmLab.UniqueName("e2e-solo");
        var (webPort, soloPort) = (lab.FreeTcpPort(), lab.FreeTcpPort());
        await using var receiver = await PipelineReceiver.StartAsync(nginx, SwarmLab.UniqueName("e2e"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(web) { Global = true, HostPort = webPort });
            await lab.CreateServiceAsync(new ServiceSpec(solo) { HostPort = soloPort, NodeHostname = lab.Node2Hostname });
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [receiver.Url], receiver.Secret, 1);

            var webServers = new[] { $"{lab.ManagerAddress}:{webPort}", $"{lab.Node2Address}:{webPort}" }.Order(StringComparer.Ordinal).ToList();
            await Eventually.UntilAsync(
                () => ServersOf(receiver.UpstreamText, web)?.SequenceEqual(webServers) == true
                    && ServersOf(receiver.UpstreamText, solo)?.SequenceEqual([$"{lab.Node2Address}:{soloPort}"]) == true,
                Patience,
                $"upstreams {web} on both nodes and {solo} on node2 in {receiver.UpstreamFile} (now:\n{receiver.UpstreamText})\nwatcher log:\n{watcher.StandardError}");
            Assert.Equal(0, (await PrivateNginx.RunAsync(nginx.TestCommand)).ExitCode);

            var webSite = await nginx.AddProxySiteAsync(web, web);
            var soloSite = await nginx.AddProxySiteAsync(solo, solo);

            // nginx balances round robin over the two servers: a bounded number of requests must meet both nodes.
            var answeredBy = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 20 && answeredBy.Count < 2; i++)
            {
                answeredBy.Add((await http.GetStringAsync(webSite)).Trim());
            }

            Assert.Equal(new[] { lab.ManagerHostname, lab.Node2Hostname }.Order(StringComparer.Ordinal), answeredBy.Order(StringComparer.Ordinal));
            Assert.Equal(lab.Node2Hostname, (await http.GetStringAsync(soloSite)).Trim());

            // Scaled to zero: with upstream.always=false the upstream goes, and nginx has nothing to send it to.
            await lab.ScaleAsync(solo, 0);
            await Eventually.UntilAsync(() => ServersOf(receiver.UpstreamText, solo) is null, Patience, $"upstream {solo} to leave the file after scaling to 0");
            await Eventually.UntilAsync(async () => await StatusAsync(http, soloSite) == HttpStatusCode.BadGateway, Patience, $"nginx to answer 502 for {solo}");
            Assert.Equal(webServers, ServersOf(receiver.UpstreamText, web));

            await lab.RemoveServiceAsync(web);
            await Eventually.UntilAsync(() => ServersOf(receiver.UpstreamText, web) is null, Patience, $"upstream {web} to leave the file after removal");
            await Eventually.UntilAsync(async () => await StatusAsync(http, webSite) == HttpStatusCode.BadGateway, Patience, $"nginx to answer 502 for {web}");
            Assert.Equal(0, (await PrivateNginx.RunAsync(nginx.TestCommand)).ExitCode);
            output.WriteLine(receiver.UpstreamText);
        }
        finally
        {
            await lab.RemoveServiceAsync(web);
            await lab.RemoveServiceAsync(solo);
        }
    }

    /// <summary>The sorted server addresses of the named upstream block, or null when the file has no such block.</summary>
    private static List<string>? ServersOf(string upstreamText, string upstream)
    {
        var block = Regex.Match(upstreamText, "^upstream " + Regex.Escape(upstream) + @" \{\n(?<body>[^}]*)\}\n", RegexOptions.Multiline);
        return block.Success
            ? ServerLine().Matches(block.Groups["body"].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList()
            : null;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri site)
    {
        using var response = await http.GetAsync(site);
        return response.StatusCode;
    }

    [GeneratedRegex(@"^\tserver\t(\S+);$", RegexOptions.Multiline)]
    private static partial Regex ServerLine();
}

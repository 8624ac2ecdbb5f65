using System.Net;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Nginx;

/// <summary>The receiver driving a real nginx: traffic follows applies, a render nginx refuses is rolled back.</summary>
[Collection("nginx")]
public sealed class NginxReceiverTests(NginxLab lab)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static SwarmSnapshot Snapshot(string service, int port, string[] nodeIds, string? prefix = null) => new()
    {
        Nodes =
        [
            new SnapshotNode { Id = "n1", Name = "node-1", Ip = "127.0.0.1" },
            new SnapshotNode { Id = "n2", Name = "node-2", Ip = "127.0.0.2" },
        ],
        Services =
        [
            new SnapshotService
            {
                Name = service,
                Ports = [new SnapshotPort { TargetPort = 80, PublishedPort = port }],
                Nodes = nodeIds,
                Labels = prefix is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["dupstream.upstream.prefix"] = prefix },
            },
        ],
    };

    /// <summary>A site proxying to the upstream, with the settings the README recommends.</summary>
    private async Task<Uri> AddSiteAsync(string name, string upstreamFile, string upstream)
    {
        var port = FreePort.Next();
        lab.WriteSite(name, $$"""
            include {{upstreamFile}};
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://{{upstream}};
                    proxy_next_upstream error timeout http_502 http_503 http_504;
                    proxy_connect_timeout 1s;
                }
            }
            """);
        await lab.ReloadAsync();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private static async Task<string?> GetAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
    }

    [Fact]
    public async Task AnApplyChangesWhatNginxProxiesTo()
    {
        var port = FreePort.Next();
        await using var one = new LoopbackBackend("one", IPAddress.Parse("127.0.0.1"), port);
        await using var two = new LoopbackBackend("two", IPAddress.Parse("127.0.0.2"), port);
        await using var receiver = await LabReceiver.StartAsync(lab, "apply");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var (status, body) = await receiver.PostAsync(Snapshot("apply-web", port, ["n1"]));
        Assert.True(status == 200, body.ToJsonString());
        Assert.Equal("upstream apply-web {\n\tserver\t127.0.0.1:" + port + ";\n}\n\n", File.ReadAllText(receiver.UpstreamFile));
        var site = await AddSiteAsync("apply", receiver.UpstreamFile, "apply-web");
        await Eventually.UntilAsync(async () => await GetAsync(client, site) == "one", Patience, "nginx to proxy to backend one");

        (status, body) = await receiver.PostAsync(Snapshot("apply-web", port, ["n2"]));
        Assert.True(status == 200, body.ToJsonString());
        Assert.Equal("applied", body["result"]!.GetValue<string>());
        await Eventually.UntilAsync(async () => await GetAsync(client, site) == "two", Patience, "nginx to proxy to backend two after the apply");
    }

    [Fact]
    public async Task ARenderNginxRefusesIsRolledBackAndTheOldUpstreamsKeepServing()
    {
        var port = FreePort.Next();
        await using var one = new LoopbackBackend("one", IPAddress.Parse("127.0.0.1"), port);
        await using var receiver = await LabReceiver.StartAsync(lab, "rollback");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(200, (await receiver.PostAsync(Snapshot("rollback-web", port, ["n1"]))).Status);
        var site = await AddSiteAsync("rollback", receiver.UpstreamFile, "rollback-web");
        await Eventually.UntilAsync(async () => await GetAsync(client, site) == "one", Patience, "nginx to proxy to backend one");
        var good = File.ReadAllText(receiver.UpstreamFile);

        // Passes the allowlist (keepalive is allowed) but nginx refuses the argument.
        var (status, body) = await receiver.PostAsync(Snapshot("rollback-web", port, ["n2"], prefix: "keepalive abc;"));

        Assert.Equal(422, status);
        Assert.Equal("test_failed", body["result"]!.GetValue<string>());
        Assert.Contains("invalid value \"abc\" in \"keepalive\" directive", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(good, File.ReadAllText(receiver.UpstreamFile));
        Assert.Equal(0, (await NginxLab.RunAsync(lab.TestCommand)).ExitCode);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("one", await GetAsync(client, site));
        }
    }

    [Fact]
    public async Task ConcurrentPostsLeaveFilesOfOneWholeSnapshotThatNginxAccepts()
    {
        await using var receiver = await LabReceiver.StartAsync(lab, "concurrent");
        var snapshots = Enumerable.Range(0, 20).Select(i => Snapshot("concurrent-web", 20000 + i, i % 2 == 0 ? ["n1"] : ["n1", "n2"], i % 3 == 0 ? "least_conn;" : null)).ToList();

        var answers = await Task.WhenAll(snapshots.Select(receiver.PostAsync));

        Assert.All(answers, a => Assert.True(a.Status == 200, a.Body.ToJsonString()));
        var onDisk = File.ReadAllText(receiver.UpstreamFile);
        var matching = Enumerable.Range(0, 20).Where(i => onDisk == Expected(i)).ToList();
        Assert.Single(matching);
        Assert.Equal(0, (await NginxLab.RunAsync(lab.TestCommand)).ExitCode);
        Assert.DoesNotContain(Directory.GetFiles(lab.SitesDirectory), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        static string Expected(int i) =>
            "upstream concurrent-web {\n"
            + (i % 3 == 0 ? "\tleast_conn;\n\n" : "")
            + $"\tserver\t127.0.0.1:{20000 + i};\n"
            + (i % 2 == 0 ? "" : $"\tserver\t127.0.0.2:{20000 + i};\n")
            + "}\n\n";
    }
}

using System.Net;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Nginx;

/// <summary>The receiver driving a real nginx: traffic follows applies, a render nginx refuses is rolled back.</summary>
[Collection("nginx")]
public sealed class NginxReceiverTests(NginxLab lab, ITestOutputHelper output)
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
    public async Task AChangeNginxRefusesIsLeftOutAndTheServiceKeepsItsLastGoodBlockAndKeepsServing()
    {
        var port = FreePort.Next();
        await using var one = new LoopbackBackend("one", IPAddress.Parse("127.0.0.1"), port);
        await using var receiver = await LabReceiver.StartAsync(lab, "rollback");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(200, (await receiver.PostAsync(Snapshot("rollback-web", port, ["n1"]))).Status);
        var site = await AddSiteAsync("rollback", receiver.UpstreamFile, "rollback-web");
        await Eventually.UntilAsync(async () => await GetAsync(client, site) == "one", Patience, "nginx to proxy to backend one");
        var good = File.ReadAllText(receiver.UpstreamFile);

        // Passes every check the receiver can make alone (hash takes one key), but nginx knows no such variable:
        // the service keeps its last good block instead of the snapshot being refused whole.
        var (status, body) = await receiver.PostAsync(Snapshot("rollback-web", port, ["n2"], prefix: "hash $no_such_variable;"));

        Assert.Equal(200, status);
        Assert.Equal("unchanged", body["result"]!.GetValue<string>());
        var left = Assert.Single(body["rejected_services"]!.AsArray())!;
        Assert.Equal("rollback-web", left["name"]!.GetValue<string>());
        Assert.Contains("unknown \"no_such_variable\" variable", left["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(good, File.ReadAllText(receiver.UpstreamFile));
        Assert.Equal(0, (await NginxLab.RunAsync(lab.TestCommand)).ExitCode);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("one", await GetAsync(client, site));
        }
    }

    /// <summary>
    /// 200 different snapshots posted at once (two files each, so a mix would show) against the real
    /// nginx: while they run, each file is always one whole render; afterwards both files are the same
    /// one snapshot's render and nginx accepts them.
    /// </summary>
    [Fact]
    public async Task TwoHundredConcurrentPostsLeaveFilesOfOneWholeSnapshotThatNginxAccepts()
    {
        const int Count = 200;
        await using var receiver = await LabReceiver.StartAsync(lab, "concurrent", withGlobalFile: true);
        var globalFile = receiver.GlobalFile!;
        var baseline = await receiver.PostAsync(TwoFiles(-1));
        Assert.True(baseline.Status == 200, baseline.Body.ToJsonString());

        // Included by nginx, so the receiver's nginx -t really reads both files.
        lab.WriteSite("concurrent", $"include {receiver.UpstreamFile};\ninclude {globalFile};\n");
        await lab.ReloadAsync();

        var wholeDefault = Enumerable.Range(-1, Count + 1).Select(i => RenderDefault(i)).ToHashSet(StringComparer.Ordinal);
        var wholeGlobal = Enumerable.Range(-1, Count + 1).Select(i => RenderGlobal(i)).ToHashSet(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var samples = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Contains(await File.ReadAllTextAsync(receiver.UpstreamFile), wholeDefault);
                Assert.Contains(await File.ReadAllTextAsync(globalFile), wholeGlobal);
                samples++;
            }
        });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => receiver.PostAsync(TwoFiles(i))));
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await sampler;

        Assert.All(answers, a => Assert.True(a.Status == 200, a.Body.ToJsonString()));
        var onDisk = (File.ReadAllText(receiver.UpstreamFile), File.ReadAllText(globalFile));
        var matching = Enumerable.Range(0, Count).Where(i => onDisk == (RenderDefault(i), RenderGlobal(i))).ToList();
        Assert.Single(matching);
        Assert.Equal(0, (await NginxLab.RunAsync(lab.TestCommand)).ExitCode);
        Assert.DoesNotContain(Directory.GetFiles(lab.SitesDirectory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        var results = answers.GroupBy(a => a.Body["result"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Count, results.Values.Sum());
        Assert.True(results.GetValueOrDefault("applied") >= 1);
        output.WriteLine($"{Count} concurrent posts in {elapsed.TotalSeconds:0.00} s: {string.Join(", ", results.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"))}; "
            + $"files sampled {samples} times during the run, every sample a whole render; final files = snapshot {matching[0]}; nginx -t passed");

        lab.WriteSite("concurrent", "");
        await lab.ReloadAsync();

        static SwarmSnapshot TwoFiles(int i) => new()
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
                    Name = "concurrent-web",
                    Ports = [new SnapshotPort { TargetPort = 80, PublishedPort = 20000 + i }],
                    Nodes = i % 2 == 0 ? ["n1"] : ["n1", "n2"],
                    Labels = i % 3 == 0 ? new Dictionary<string, string> { ["dupstream.upstream.prefix"] = "least_conn;" } : [],
                },
                new SnapshotService
                {
                    Name = "concurrent-api",
                    Ports = [new SnapshotPort { TargetPort = 80, PublishedPort = 21000 + i }],
                    Nodes = ["n2"],
                    Labels = new Dictionary<string, string> { ["dupstream.file"] = "global" },
                },
            ],
        };

        static string RenderDefault(int i) =>
            "upstream concurrent-web {\n"
            + (i % 3 == 0 ? "\tleast_conn;\n\n" : "")
            + $"\tserver\t127.0.0.1:{20000 + i};\n"
            + (i % 2 == 0 ? "" : $"\tserver\t127.0.0.2:{20000 + i};\n")
            + "}\n\n";

        static string RenderGlobal(int i) => $"upstream concurrent-api {{\n\tserver\t127.0.0.2:{21000 + i};\n}}\n\n";
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Dupstream.Contracts;
using Dupstream.Nginx.Tests.Api;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Applying;

/// <summary>
/// One service that only the real <c>nginx -t</c> can refuse never blocks the others: the receiver, testing with
/// Debian's nginx, answers 200, applies the rest, names the service left out, and nginx accepts the files on disk.
/// A site file includes a static <c>proxy_pass http://keep;</c>, as users' sites do.
/// </summary>
public sealed class NginxIsolationTests
{
    private const string Site = "server {\n    listen 127.0.0.1:1;\n    location / { proxy_pass http://keep; }\n}\n";

    private static readonly SnapshotNode Node = Snapshots.Node("n1", "node-1", "10.0.0.1");

    private static SnapshotService Service(string name, int port, string? prefix = null) =>
        Snapshots.Service(name, port, ["n1"], prefix is null ? null : new() { ["dupstream.upstream.prefix"] = prefix });

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(RunningReceiver receiver, params SnapshotService[] services)
    {
        var snapshot = new SwarmSnapshot { Nodes = [Node], Services = services };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = new ByteArrayContent(SnapshotJson.Serialize(snapshot)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-SECRET", "s3cret");
        using var response = await receiver.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static List<string> Rejected(JsonObject body) =>
        body["rejected_services"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();

    private static async Task<(RunningReceiver Receiver, NginxSyntax Nginx)> StartAsync(int maxTests = 12)
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.File("default.conf"), "");
        File.WriteAllText(dir.File("global.conf"), "");
        File.WriteAllText(dir.File("site.conf"), Site);
        var nginx = new NginxSyntax([dir.File("default.conf"), dir.File("global.conf"), dir.File("site.conf")]);
        var receiver = await RunningReceiver.StartAsync(
            new JsonObject { ["server_address"] = "ip", ["nginx_test_command"] = nginx.TestCommand, ["max_nginx_tests"] = maxTests },
            directory: dir);
        return (receiver, nginx);
    }

    private static async Task AssertNginxAcceptsAsync(NginxSyntax nginx)
    {
        var (exitCode, error) = await nginx.TestAsync();
        Assert.True(exitCode == 0, error);
    }

    public static TheoryData<string, string, string> OnlyNginxRefuses => new()
    {
        // nginx names the file and line of the block: traced in one extra test.
        { "zone shared 64k;", "zone shared 128k;", "conflicts with already declared size" },
        // nginx names no file or line, only the variable: traced to the block that uses it.
        { "", "hash $no_such_variable;", "unknown \"no_such_variable\" variable" },
    };

    [Theory]
    [MemberData(nameof(OnlyNginxRefuses))]
    public async Task AServiceOnlyNginxRefusesIsLeftOutAndTheRestApplies(string goodPrefix, string badPrefix, string nginxSays)
    {
        var (receiver, nginx) = await StartAsync();
        await using (receiver)
        using (nginx)
        {
            var (status, body) = await PostAsync(receiver, Service("keep", 8080), Service("a1", 8081, goodPrefix), Service("bad", 8082, badPrefix), Service("z9", 8083));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("applied", body["result"]!.GetValue<string>());
            Assert.Equal(["bad"], Rejected(body));
            Assert.Contains(nginxSays, body["rejected_services"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            var conf = File.ReadAllText(receiver.Dir.File("default.conf"));
            Assert.Contains("upstream keep {", conf, StringComparison.Ordinal);
            Assert.Contains("upstream a1 {", conf, StringComparison.Ordinal);
            Assert.Contains("upstream z9 {", conf, StringComparison.Ordinal);
            Assert.DoesNotContain("upstream bad {", conf, StringComparison.Ordinal);
            Assert.Equal(1, receiver.Reloads);
            await AssertNginxAcceptsAsync(nginx);

            var health = JsonNode.Parse(await receiver.Client.GetStringAsync("/healthz"))!["last_apply"]!;
            Assert.Equal(["bad"], health["left_out_by_nginx"]!.AsArray().Select(n => n!.GetValue<string>()));
            var metrics = await receiver.Client.GetStringAsync("/metrics");
            Assert.Contains("dupstream_nginx_services_left_out_by_nginx 1", metrics, StringComparison.Ordinal);
            Assert.Contains("dupstream_nginx_rejected_services_total{reason=\"nginx_test\"} 1", metrics, StringComparison.Ordinal);

            // The same snapshot again is answered from memory: still naming the service, in /healthz and the gauge too.
            var (again, repeated) = await PostAsync(receiver, Service("keep", 8080), Service("a1", 8081, goodPrefix), Service("bad", 8082, badPrefix), Service("z9", 8083));
            Assert.Equal(HttpStatusCode.OK, again);
            Assert.Equal("unchanged", repeated["result"]!.GetValue<string>());
            Assert.Equal(["bad"], Rejected(repeated));
            Assert.Equal(1, receiver.Reloads);
            var healthAgain = JsonNode.Parse(await receiver.Client.GetStringAsync("/healthz"))!["last_apply"]!;
            Assert.Equal(["bad"], healthAgain["left_out_by_nginx"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Contains("dupstream_nginx_services_left_out_by_nginx 1", await receiver.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NamesThatDifferOnlyInCaseLeaveOutTheSecondBeforeNginxSeesThem()
    {
        var (receiver, nginx) = await StartAsync();
        await using (receiver)
        using (nginx)
        {
            var (status, body) = await PostAsync(receiver, Service("keep", 8080), Service("web", 8081), Service("Web", 8082), Service("WEB", 8083));

            Assert.Equal(HttpStatusCode.OK, status);
            // Sorted (the default) ordinally, "WEB" comes first and is the one kept.
            Assert.Equal(["Web", "web"], Rejected(body));
            Assert.All(body["rejected_services"]!.AsArray(), r => Assert.StartsWith("duplicate service Name (nginx compares upstream names without case; 'WEB' came first)", r!["reason"]!.GetValue<string>(), StringComparison.Ordinal));
            Assert.Equal(
                "upstream WEB {\n\tserver\t10.0.0.1:8083;\n}\n\nupstream keep {\n\tserver\t10.0.0.1:8080;\n}\n\n",
                File.ReadAllText(receiver.Dir.File("default.conf")));
            await AssertNginxAcceptsAsync(nginx);
        }
    }

    [Fact]
    public async Task ABadChangeToAServiceKeepsItsLastGoodBlock()
    {
        var (receiver, nginx) = await StartAsync();
        await using (receiver)
        using (nginx)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, Service("keep", 8080), Service("web", 8081))).Status);
            var (status, body) = await PostAsync(receiver, Service("keep", 9090), Service("web", 9091, "hash $no_such_variable;"));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(["web"], Rejected(body));
            Assert.Contains("last good block was kept", body["rejected_services"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(
                "upstream keep {\n\tserver\t10.0.0.1:9090;\n}\n\nupstream web {\n\tserver\t10.0.0.1:8081;\n}\n\n",
                File.ReadAllText(receiver.Dir.File("default.conf")));
            await AssertNginxAcceptsAsync(nginx);
        }
    }

    [Fact]
    public async Task ARemovedServiceASiteStillNamesKeepsItsLastGoodBlockAndTheRestApplies()
    {
        var (receiver, nginx) = await StartAsync();
        await using (receiver)
        using (nginx)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, Service("keep", 8080), Service("web", 8081))).Status);
            var (status, body) = await PostAsync(receiver, Service("web", 9091), Service("api", 9092));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(["keep"], Rejected(body));
            Assert.Contains("host not found in upstream \"keep\"", body["rejected_services"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(
                "upstream api {\n\tserver\t10.0.0.1:9092;\n}\n\nupstream web {\n\tserver\t10.0.0.1:9091;\n}\n\nupstream keep {\n\tserver\t10.0.0.1:8080;\n}\n\n",
                File.ReadAllText(receiver.Dir.File("default.conf")));
            await AssertNginxAcceptsAsync(nginx);
        }
    }

    [Fact]
    public async Task PastMaxNginxTestsTheSnapshotIsRefusedWholeAndNothingChanges()
    {
        var (receiver, nginx) = await StartAsync(maxTests: 1);
        await using (receiver)
        using (nginx)
        {
            var (status, body) = await PostAsync(receiver, Service("keep", 8080), Service("bad", 8082, "hash $no_such_variable;"));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Contains("max_nginx_tests 1", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("", File.ReadAllText(receiver.Dir.File("default.conf")));
            Assert.Equal(0, receiver.Reloads);
        }
    }

    private static readonly string[] NginxOnlyFaults = ["keepalive 2; keepalive 3;", "hash $no_such_variable;", "hash $no_such_variable_2 consistent;", "keepalive_time 1s; keepalive_time 2s;"];

    /// <summary>
    /// Property: whatever mix of good services and services only nginx refuses, in whatever order, one POST gets
    /// 200, every good service is in the file, every bad one is named, and nginx accepts what is on disk.
    /// </summary>
    [Fact]
    public async Task NoMixOfBadServicesBlocksTheGoodOnes()
    {
        var (receiver, nginx) = await StartAsync(maxTests: 40);
        await using (receiver)
        using (nginx)
        {
            var cases = Gen.Select(Gen.Int[0, 12], Gen.OneOf(NginxOnlyFaults).Array[1, 3], Gen.Int[0, 1000]).Select((good, bad, seed) => (good, bad, seed));
            var runs = 0;
            await cases.SampleAsync(
                async c =>
                {
                    runs++;
                    var services = Enumerable.Range(0, c.good).Select(i => Service($"good{c.seed}-{i}", 1000 + i))
                        .Concat(c.bad.Select((fault, i) => Service($"bad{c.seed}-{i}", 2000 + i, fault)))
                        .Select((s, i) => (s, Key: (i * 7919 + c.seed) % 101))
                        .OrderBy(p => p.Key)
                        .Select(p => p.s)
                        .Append(Service("keep", 8080))
                        .ToArray();
                    var (status, body) = await PostAsync(receiver, services);

                    Assert.Equal(HttpStatusCode.OK, status);
                    var conf = File.ReadAllText(receiver.Dir.File("default.conf"));
                    Assert.All(services.Where(s => !s.Name.StartsWith("bad", StringComparison.Ordinal)), s => Assert.Contains($"upstream {s.Name} {{", conf, StringComparison.Ordinal));
                    Assert.All(services.Where(s => s.Name.StartsWith("bad", StringComparison.Ordinal)), s => Assert.DoesNotContain($"upstream {s.Name} {{", conf, StringComparison.Ordinal));
                    Assert.Equal(c.bad.Length, Rejected(body).Count(n => n.StartsWith("bad", StringComparison.Ordinal)));
                    await AssertNginxAcceptsAsync(nginx);
                },
                iter: 25,
                threads: 1);
            Assert.Equal(25, runs);
        }
    }
}

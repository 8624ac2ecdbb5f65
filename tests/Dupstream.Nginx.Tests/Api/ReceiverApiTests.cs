using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Api;

/// <summary>The receiver over real HTTP on loopback.</summary>
public sealed class ReceiverApiTests
{
    private static HttpRequestMessage Post(string body, string? secret = "s3cret", string contentType = "application/json", string path = "/lb")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (secret is not null)
        {
            request.Headers.Add("X-SECRET", secret);
        }

        return request;
    }

    private static string Json(SwarmSnapshot snapshot) => Encoding.UTF8.GetString(SnapshotJson.Serialize(snapshot));

    private static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(RunningReceiver receiver, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await receiver.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
        }
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("s3cret2")]
    [InlineData("S3CRET")]
    [InlineData("")]
    [InlineData(null)]
    public async Task AWrongOrMissingSecretIs401(string? secret)
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var (status, body) = await SendAsync(receiver, Post(Json(Snapshots.Web(80)), secret));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"message":"Invalid Secret"}""", body.ToJsonString());
        Assert.False(File.Exists(receiver.Dir.File("default.conf")));
    }

    [Theory]
    [InlineData("not json at all", "application/json", "not valid JSON")]
    [InlineData("""{"nodes":[],"services":[]}""", "text/plain", "must be JSON")]
    [InlineData("""{"nodes":[],"services":[]}""", "application/x-www-form-urlencoded", "must be JSON")]
    [InlineData("""{"services":[]}""", "application/json", "no 'nodes' array")]
    [InlineData("""{"nodes":[]}""", "application/json", "no 'services' array")]
    [InlineData("""{"nodes":{},"services":[]}""", "application/json", "'nodes' must be an array")]
    [InlineData("""[1,2]""", "application/json", "must be a JSON object")]
    [InlineData("""{"nodes":[{"Id":"a","Name":"n","Ip":7}],"services":[]}""", "application/json", "not a valid snapshot")]
    [InlineData("""{"nodes":[],"services":[{"Name":"x","Ports":[{"TargetPort":"80","PublishedPort":1}]}]}""", "application/json", "not a valid snapshot")]
    [InlineData("""{"nodes":[{"Id":"a","Name":"n"}],"services":[]}""", "application/json", "not a valid snapshot")]
    public async Task AMalformedBodyIs400WithAReason(string body, string contentType, string reason)
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var (status, answer) = await SendAsync(receiver, Post(body, contentType: contentType));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(File.Exists(receiver.Dir.File("default.conf")));
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        await using var receiver = await RunningReceiver.StartAsync(new JsonObject { ["max_body_bytes"] = 1000 });
        var big = Json(Snapshots.Web(80) with { Nodes = [.. Enumerable.Range(0, 50).Select(i => Snapshots.Node($"id{i}", $"node-{i}", "10.0.0.1"))] });
        Assert.True(big.Length > 1000);
        var (status, body) = await SendAsync(receiver, Post(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("max_body_bytes", body["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Chunked (no Content-Length) is counted too.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.Add("X-SECRET", "s3cret");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await SendAsync(receiver, chunked)).Status);
        Assert.False(File.Exists(receiver.Dir.File("default.conf")));
    }

    [Fact]
    public async Task AppliesThenAnswersUnchangedWithoutReloading()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var snapshot = Snapshots.Web(8080) with
        {
            Services = [.. Snapshots.Web(8080).Services, Snapshots.Service("evil", 81, ["n1"], new() { ["dupstream.upstream.prefix"] = "ip_hash; } server { listen 1; }" })],
        };

        var (status, body) = await SendAsync(receiver, Post(Json(snapshot)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("applied", body["result"]!.GetValue<string>());
        Assert.True(body["reloaded"]!.GetValue<bool>());
        Assert.Contains(receiver.Dir.File("default.conf"), body["changed_files"]!.AsArray().Select(n => n!.GetValue<string>()));
        var rejected = Assert.Single(body["rejected_services"]!.AsArray())!;
        Assert.Equal("evil", rejected["name"]!.GetValue<string>());
        Assert.Contains("brace", rejected["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("upstream web {\n\tserver\tnode-1:8080;\n}\n\n", File.ReadAllText(receiver.Dir.File("default.conf")));
        Assert.Equal(1, receiver.Reloads);

        var (again, unchanged) = await SendAsync(receiver, Post(Json(snapshot)));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal("unchanged", unchanged["result"]!.GetValue<string>());
        Assert.False(unchanged["reloaded"]!.GetValue<bool>());
        Assert.Equal(1, receiver.Reloads);
    }

    [Fact]
    public async Task ARepeatedBodyIsUnchangedOnlyWhileNothingElseWasAppliedAndTheFilesAreUntouched()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var first = Snapshots.Web(8080) with
        {
            Services = [.. Snapshots.Web(8080).Services, Snapshots.Service("evil", 81, ["n1"], new() { ["dupstream.upstream.prefix"] = "ip_hash; } server { listen 1; }" })],
        };
        var file = receiver.Dir.File("default.conf");
        Assert.Equal("applied", (await SendAsync(receiver, Post(Json(first)))).Body["result"]!.GetValue<string>());
        var firstRender = File.ReadAllText(file);

        // The same bytes again: unchanged, and what was left out is still reported.
        var (_, again) = await SendAsync(receiver, Post(Json(first)));
        Assert.Equal("unchanged", again["result"]!.GetValue<string>());
        Assert.Equal("evil", again["rejected_services"]![0]!["name"]!.GetValue<string>());

        // Another snapshot in between: the first one is a change again.
        Assert.Equal("applied", (await SendAsync(receiver, Post(Json(Snapshots.Web(9090))))).Body["result"]!.GetValue<string>());
        Assert.Equal("applied", (await SendAsync(receiver, Post(Json(first)))).Body["result"]!.GetValue<string>());
        Assert.Equal(firstRender, File.ReadAllText(file));

        // Someone edits the file by hand: the same bytes are applied again, not taken for unchanged.
        File.WriteAllText(file, "# edited by hand\n");
        var (_, afterEdit) = await SendAsync(receiver, Post(Json(first)));
        Assert.Equal("applied", afterEdit["result"]!.GetValue<string>());
        Assert.Equal(firstRender, File.ReadAllText(file));
        Assert.Equal(4, receiver.Reloads);
    }

    [Fact]
    public async Task ATestFailureIs422WithNginxsTextAndAReloadFailureIs500()
    {
        await using (var receiver = await RunningReceiver.StartAsync(new JsonObject { ["nginx_test_command"] = "echo 'nginx: [emerg] invalid value' >&2; exit 1" }))
        {
            var (status, body) = await SendAsync(receiver, Post(Json(Snapshots.Web(8080))));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("test_failed", body["result"]!.GetValue<string>());
            Assert.Equal("nginx: [emerg] invalid value", body["output"]!.GetValue<string>());
            Assert.False(File.Exists(receiver.Dir.File("default.conf")));
        }

        await using (var receiver = await RunningReceiver.StartAsync(new JsonObject { ["reload_nginx_command"] = "echo 'nginx: [error] invalid PID' >&2; exit 1" }))
        {
            var (status, body) = await SendAsync(receiver, Post(Json(Snapshots.Web(8080))));
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Contains("invalid PID", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False(File.Exists(receiver.Dir.File("default.conf")));
        }
    }

    [Theory]
    [InlineData("nginx_test_command", "test_failed")]
    [InlineData("reload_nginx_command", "reload_failed")]
    public async Task HealthzSummarisesAFailureWithoutCommandsPathsOrNginxOutput(string key, string result)
    {
        const string command = "echo 'nginx: [emerg] open() \"/etc/nginx/private/site.conf\" failed' >&2; exit 1";
        await using var receiver = await RunningReceiver.StartAsync(new JsonObject { [key] = command });
        Assert.NotEqual(HttpStatusCode.OK, (await SendAsync(receiver, Post(Json(Snapshots.Web(8080))))).Status);

        using var health = await receiver.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var text = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(result, JsonNode.Parse(text)!["last_apply"]!["result"]!.GetValue<string>());
        foreach (var secretish in (string[])["/etc/nginx", "emerg", "echo", receiver.Dir.Path, "exit 1", "s3cret"])
        {
            Assert.DoesNotContain(secretish, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HealthzReportsTheLastApply()
    {
        await using var receiver = await RunningReceiver.StartAsync(new JsonObject { ["endpoint"] = "/update" });
        var before = JsonNode.Parse(await receiver.Client.GetStringAsync("/healthz"))!;
        Assert.Equal("ok", before["status"]!.GetValue<string>());
        Assert.Null(before["last_apply"]);

        Assert.Equal(HttpStatusCode.NotFound, (await receiver.Client.SendAsync(Post(Json(Snapshots.Web(1)), path: "/lb"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(receiver, Post(Json(Snapshots.Web(1)), path: "/update"))).Status);

        var after = JsonNode.Parse(await receiver.Client.GetStringAsync("/healthz"))!;
        Assert.Equal("applied", after["last_apply"]!["result"]!.GetValue<string>());
        Assert.True(after["last_apply"]!["at"]!.GetValue<DateTimeOffset>() >= before["time"]!.GetValue<DateTimeOffset>());
        Assert.DoesNotContain("s3cret", after.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsecureWithoutASecretAcceptsAnyRequest()
    {
        await using var receiver = await RunningReceiver.StartAsync(new JsonObject { ["secret"] = null }, insecure: true);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(receiver, Post(Json(Snapshots.Web(1)), secret: null))).Status);
    }

    [Fact]
    public async Task ConcurrentPostsLeaveExactlyOneWholeSnapshot()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var snapshots = Enumerable.Range(0, 20).Select(i => Snapshots.Web(2000 + i) with
        {
            Services = [Snapshots.Service("web", 2000 + i, ["n1"]), Snapshots.Service("other", 3000 + i, ["n1"], new() { ["dupstream.file"] = "global" })],
        }).ToList();

        var answers = await Task.WhenAll(snapshots.Select(s => SendAsync(receiver, Post(Json(s)))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var onDisk = (File.ReadAllText(receiver.Dir.File("default.conf")), File.ReadAllText(receiver.Dir.File("global.conf")));
        var matches = Enumerable.Range(0, 20).Where(i => onDisk == ($"upstream web {{\n\tserver\tnode-1:{2000 + i};\n}}\n\n", $"upstream other {{\n\tserver\tnode-1:{3000 + i};\n}}\n\n")).ToList();
        Assert.Single(matches);
        Assert.Equal(receiver.Reloads, answers.Count(a => a.Body["result"]!.GetValue<string>() == "applied"));
        Assert.DoesNotContain(receiver.Dir.FileNames(), n => n.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(65)]
    public async Task DeepNestingIs400AndTheReceiverKeepsAnswering(int depth)
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var nested = """{"nodes":[],"services":[],"x":""" + new string('[', depth) + new string(']', depth) + "}";
        var (status, body) = await SendAsync(receiver, Post(nested));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("depth", body["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(receiver, Post(Json(Snapshots.Web(1))))).Status);
    }

    [Fact]
    public async Task AHugeLabelOrNameLeavesOnlyThatServiceOutWithAShortReason()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var snapshot = Snapshots.Web(8080) with
        {
            Services =
            [
                .. Snapshots.Web(8080).Services,
                Snapshots.Service("huge", 81, ["n1"], new() { ["dupstream.upstream.prefix"] = new string('k', 1 << 20) }),
                Snapshots.Service("forged\nlog line\u2028" + new string('y', 100_000), 82, ["n1"]),
            ],
        };

        var (status, body) = await SendAsync(receiver, Post(Json(snapshot)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("upstream web {\n\tserver\tnode-1:8080;\n}\n\n", File.ReadAllText(receiver.Dir.File("default.conf")));
        var rejected = body["rejected_services"]!.AsArray().Select(r => (Name: r!["name"]!.GetValue<string>(), Reason: r["reason"]!.GetValue<string>())).ToList();
        Assert.Equal("forged?log line?" + new string('y', 64) + "...", rejected[0].Name);
        Assert.Equal(("huge", "label dupstream.upstream.prefix is 1048576 characters long; at most 1024 are allowed."), rejected[1]);
        Assert.True(body.ToJsonString().Length < 2000, "the answer echoes the huge values");
    }

    // The five places issue 11 found answering 500, and the rest of the class: a null wherever an object
    // or string sits inside an array or the label map. Only the element holding it is left out.
    [Theory]
    [InlineData("""{"nodes":[{"Id":"n1","Name":"node-1","Ip":"10.0.0.1"},null],"services":[WEB]}""", "nodes", "nodes[1]", "is null, not a node object.")]
    [InlineData("""{"nodes":[{"Id":"n1","Name":"node-1","Ip":"10.0.0.1"}],"services":[null,WEB]}""", "services", "services[0]", "is null, not a service object.")]
    [InlineData("""{"nodes":[{"Id":"n1","Name":"node-1","Ip":"10.0.0.1"}],"services":[WEB,{"Name":"bad","Ports":[{"TargetPort":80,"PublishedPort":81}],"Nodes":["n1",null]}]}""", "services", "bad", "Nodes contains null, not a node Id.")]
    [InlineData("""{"nodes":[{"Id":"n1","Name":"node-1","Ip":"10.0.0.1"}],"services":[WEB,{"Name":"bad","Ports":[null],"Nodes":["n1"]}]}""", "services", "bad", "Ports contains null, not a port object.")]
    [InlineData("""{"nodes":[{"Id":"n1","Name":"node-1","Ip":"10.0.0.1"}],"services":[WEB,{"Name":"bad","Ports":[{"TargetPort":80,"PublishedPort":81},null],"Nodes":["n1"]}]}""", "services", "bad", "Ports contains null, not a port object.")]
    [InlineData("""{"nodes":[{"Id":"n1","Name":"node-1","Ip":"10.0.0.1"}],"services":[WEB,{"Name":"bad","Ports":[{"TargetPort":80,"PublishedPort":81}],"Nodes":["n1"],"Labels":{"dupstream.port":null}}]}""", "services", "bad", "label 'dupstream.port' is null, not a string.")]
    [InlineData("""{"nodes":[{"Id":"n1","Name":"node-1","Ip":"10.0.0.1"}],"services":[WEB,{"Name":"bad","Ports":[{"TargetPort":80,"PublishedPort":81}],"Nodes":["n1"],"Labels":{"other":null}}]}""", "services", "bad", "label 'other' is null, not a string.")]
    public async Task ANullInsideAnArrayOrLabelMapLeavesOnlyItsElementOut(string template, string kind, string subject, string reason)
    {
        const string web = """{"Name":"web","Ports":[{"TargetPort":80,"PublishedPort":8080}],"Nodes":["n1"]}""";
        await using var receiver = await RunningReceiver.StartAsync();
        var (status, body) = await SendAsync(receiver, Post(template.Replace("WEB", web, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("upstream web {\n\tserver\tnode-1:8080;\n}\n\n", File.ReadAllText(receiver.Dir.File("default.conf")));
        var rejected = body[$"rejected_{kind}"]!.AsArray().Single()!;
        Assert.Equal(subject, rejected[kind == "nodes" ? "id" : "name"]!.GetValue<string>());
        Assert.Equal(reason, rejected["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"nodes":[],"services":[],"nodes":[]}""")]
    [InlineData("""{"nodes":[{"Id":"n1","Id":"n2","Name":"node-1","Ip":"10.0.0.1"}],"services":[]}""")]
    [InlineData("""{"nodes":[],"services":[{"Name":"web","Ports":[],"Labels":{"dupstream.port":"80","dupstream.port":"81"}}]}""")]
    public async Task ADuplicateKeyAtAnyDepthIs400NamingIt(string body)
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var (status, answer) = await SendAsync(receiver, Post(body));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Duplicate", answer["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(receiver.Dir.File("default.conf")));
    }

    [Theory]
    [InlineData("""{"nodes":[],"services":[],"extra":1,"extra":2}""")]
    [InlineData("""{"nodes":[{"Id":"n1","Name":"node-1","Ip":"10.0.0.1","x":{"y":1,"y":2}}],"services":[]}""")]
    public async Task ADuplicateOfANameTheSnapshotDoesNotReadIsIgnoredWithIt(string body)
    {
        // The body is parsed once, by the serializer, which skips names it does not read: a value that counts for
        // nothing cannot be guessed wrong, so its duplicate is no reason to refuse the snapshot.
        await using var receiver = await RunningReceiver.StartAsync();
        var (status, _) = await SendAsync(receiver, Post(body));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task ANodeCannotTakeOverAHostsFileNameOrPointAtLoopbackOrLinkLocalUnlessAllowed()
    {
        const string userHosts = "127.0.0.1\tlocalhost\n10.1.1.1 db db.internal # keep me\n# <HOST-CONFIG>\n10.0.0.9\told-node\n# </HOST-CONFIG>\n";
        var nodes = """
            [{"Id":"n1","Name":"node-1","Ip":"10.0.0.1"},{"Id":"n2","Name":"LOCALHOST","Ip":"10.0.0.2"},{"Id":"n3","Name":"DB.internal","Ip":"10.0.0.3"},
             {"Id":"n4","Name":"node-4","Ip":"127.0.0.5"},{"Id":"n5","Name":"node-5","Ip":"169.254.1.1"},{"Id":"n6","Name":"node-6","Ip":"fe80::1"},
             {"Id":"n7","Name":"node-7","Ip":"::ffff:127.0.0.1"},{"Id":"n8","Name":"old-node","Ip":"10.0.0.8"}]
            """;
        var body = $$"""{"nodes":{{nodes}},"services":[{"Name":"web","Ports":[{"TargetPort":80,"PublishedPort":8080}],"Nodes":["n1","n2","n3","n4","n5","n6","n7","n8"]}]}""";

        await using var receiver = await RunningReceiver.StartAsync();
        File.WriteAllText(receiver.Dir.File("hosts"), userHosts);
        var (status, answer) = await SendAsync(receiver, Post(body));

        Assert.Equal(HttpStatusCode.OK, status);
        var rejected = answer["rejected_nodes"]!.AsArray().ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!["reason"]!.GetValue<string>());
        Assert.Equal(["n2", "n3", "n4", "n5", "n6", "n7"], rejected.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("unsafe name: Name 'LOCALHOST' already resolves through the hosts file", rejected["n2"], StringComparison.Ordinal);
        Assert.StartsWith("unsafe address: Ip '169.254.1.1' is loopback or link-local", rejected["n5"], StringComparison.Ordinal);
        // A name only our own section gave (a node that left) is ours to reuse.
        Assert.Equal("upstream web {\n\tserver\tnode-1:8080;\n\tserver\told-node:8080;\n}\n\n", File.ReadAllText(receiver.Dir.File("default.conf")));
        Assert.Equal("127.0.0.1\tlocalhost\n10.1.1.1 db db.internal # keep me\n# <HOST-CONFIG>\n10.0.0.1\tnode-1\n10.0.0.8\told-node\n# </HOST-CONFIG>\n", File.ReadAllText(receiver.Dir.File("hosts")));

        await using var lab = await RunningReceiver.StartAsync(new JsonObject { ["allow_unsafe_nodes"] = true });
        File.WriteAllText(lab.Dir.File("hosts"), userHosts);
        var (labStatus, labAnswer) = await SendAsync(lab, Post(body));
        Assert.Equal(HttpStatusCode.OK, labStatus);
        Assert.Empty(labAnswer["rejected_nodes"]!.AsArray());
    }
}

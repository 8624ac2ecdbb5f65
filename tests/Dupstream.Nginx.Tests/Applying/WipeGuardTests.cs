using System.Net;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Tests.Api;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Applying;

public sealed class WipeGuardTests
{
    private static readonly string[] Four = ["n1", "n2", "n3", "n4"];

    private static SwarmSnapshot Cluster(params string[] running) => new()
    {
        Nodes = [.. Four.Select((id, i) => Snapshots.Node(id, $"node-{i + 1}", $"10.0.0.{i + 1}"))],
        Services =
        [
            Snapshots.Service("web", 8080, running),
            Snapshots.Service("api", 9090, running, new() { ["dupstream.file"] = "global" }),
        ],
    };

    [Fact]
    public void ServerLinesAreCountedPerUpstreamAsAMultiset()
    {
        var current = ServerLines.Count(["upstream a {\n\tserver\tx:1;\n\tserver\tx:1;\n\tserver\ty:1;\n}\n\n", "upstream b {\n  server   x:1  weight=2;\n}\n"]);
        Assert.Equal(4, current.Values.Sum());
        var next = ServerLines.Count(["upstream a {\n\tserver\tx:1;\n}\n\n"]);
        Assert.Equal(3, ServerLines.Removed(current, next));
        Assert.Equal(0, ServerLines.Removed(next, current));
    }

    [Fact]
    public void OffByDefaultAndNothingOnDiskNeverRefuses()
    {
        Assert.False(new WipeGuard(null).Check(["upstream a {\n\tserver\tx:1;\n}\n"], [""], "f").Refused);
        Assert.False(new WipeGuard(0).Check([""], ["upstream a {\n\tserver\tx:1;\n}\n"], "f").Refused);
    }

    [Fact]
    public void OnlyTheVeryNextSnapshotCanConfirm()
    {
        var guard = new WipeGuard(0.5);
        string[] four = ["upstream a {\n\tserver\tw:1;\n\tserver\tx:1;\n\tserver\ty:1;\n\tserver\tz:1;\n}\n"];
        string[] two = ["upstream a {\n\tserver\tw:1;\n\tserver\tx:1;\n}\n"];
        string[] one = ["upstream a {\n\tserver\tw:1;\n}\n"];

        Assert.False(guard.Check(four, two, "half").Refused);           // exactly half: allowed
        Assert.Equal(new WipeVerdict(true, false, 3, 4), guard.Check(four, one, "wipe"));
        Assert.Equal(new WipeVerdict(true, false, 3, 4), guard.Check(four, one, "other-wipe")); // a different one re-arms
        guard.Forget();                                                  // an unchanged snapshot came in between
        Assert.True(guard.Check(four, one, "other-wipe").Refused);
        Assert.Equal(new WipeVerdict(false, true, 3, 4), guard.Check(four, one, "other-wipe"));
        Assert.True(guard.Check(four, one, "other-wipe").Refused);      // a confirmation is used up
    }

    [Fact]
    public async Task AWipeIs409AndTouchesNothingUntilTheSameSnapshotComesAgain()
    {
        await using var receiver = await RunningReceiver.StartAsync(new JsonObject { ["max_removed_share"] = 0.5 });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, Cluster(Four))).Status);
        var files = receiver.Dir.FileNames().Where(n => n != "reloads.txt").ToDictionary(n => n, n => File.ReadAllText(receiver.Dir.File(n)));
        Assert.Equal(1, receiver.Reloads);

        // 6 of 8 server lines would go (75%).
        var (status, body) = await PostAsync(receiver, Cluster("n1"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("wipe_refused", body["result"]!.GetValue<string>());
        Assert.Equal(
            "Refused: this snapshot would remove 6 of the 8 server lines on disk (75%), more than max_removed_share 0.5 allows. Nothing was written. Send the same snapshot again as the next one to confirm it.",
            body["message"]!.GetValue<string>());
        Assert.Equal(files, receiver.Dir.FileNames().Where(n => n != "reloads.txt").ToDictionary(n => n, n => File.ReadAllText(receiver.Dir.File(n))));
        Assert.Equal("wipe_refused", System.Text.Json.Nodes.JsonNode.Parse(await receiver.Client.GetStringAsync("/healthz"))!["last_apply"]!["result"]!.GetValue<string>());

        // A smaller change in between cancels the pending confirmation...
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, Cluster("n1", "n2", "n3"))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(receiver, Cluster())).Status);

        // ...and the same snapshot twice in a row applies it.
        var (confirmed, answer) = await PostAsync(receiver, Cluster());
        Assert.Equal(HttpStatusCode.OK, confirmed);
        Assert.Equal("applied", answer["result"]!.GetValue<string>());
        Assert.Equal("upstream web {\n\tserver\tlocalhost:8080;\n}\n\n", File.ReadAllText(receiver.Dir.File("default.conf")));
        Assert.Equal(3, receiver.Reloads);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(RunningReceiver receiver, SwarmSnapshot snapshot)
    {
        using var content = new ByteArrayContent(SnapshotJson.Serialize(snapshot));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = content };
        request.Headers.Add("X-SECRET", "s3cret");
        using var response = await receiver.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}

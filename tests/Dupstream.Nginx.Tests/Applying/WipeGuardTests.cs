using System.Net;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Core.Guard;
using Dupstream.Nginx.Flavours.Nginx.Guard;
using Dupstream.Nginx.Tests.Api;
using Dupstream.Nginx.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dupstream.Nginx.Tests.Applying;

public sealed class WipeGuardTests
{
    private static readonly NginxServerLines Lines = new();

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
        var current = Lines.Count(["upstream a {\n\tserver\tx:1;\n\tserver\tx:1;\n\tserver\ty:1;\n}\n\n", "upstream b {\n  server   x:1  weight=2;\n}\n"]);
        Assert.Equal(4, current.Values.Sum());
        var next = Lines.Count(["upstream a {\n\tserver\tx:1;\n}\n\n"]);
        Assert.Equal(3, ServerLineCounts.Removed(current, next));
        Assert.Equal(0, ServerLineCounts.Removed(next, current));
    }

    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(15);

    private static string[] Upstream(int servers) => [$"upstream a {{\n{string.Concat(Enumerable.Range(0, servers).Select(i => $"\tserver\ts{i}:1;\n"))}}}\n"];

    [Fact]
    public void OffByDefaultAndNothingOnDiskNeverRefuses()
    {
        Assert.False(new WipeGuard(Lines, null, Delay, new FakeTimeProvider()).Check(Upstream(1), [""], "f").Refused);
        Assert.False(new WipeGuard(Lines, 0, Delay, new FakeTimeProvider()).Check([""], Upstream(1), "f").Refused);
    }

    [Fact]
    public void AnImmediateRetryCannotConfirmTheSameRenderAfterTheDelayCan()
    {
        var clock = new FakeTimeProvider();
        var guard = new WipeGuard(Lines, 0.5, Delay, clock);

        Assert.False(guard.Check(Upstream(4), Upstream(2), "half").Refused);                              // exactly half: allowed
        Assert.Equal(new WipeVerdict(true, false, 3, 4, Delay), guard.Check(Upstream(4), Upstream(1), "wipe"));
        clock.Advance(TimeSpan.FromMilliseconds(300));                                                     // the watcher's retry
        Assert.Equal(new WipeVerdict(true, false, 3, 4, Delay - TimeSpan.FromMilliseconds(300)), guard.Check(Upstream(4), Upstream(1), "wipe"));
        clock.Advance(Delay);
        Assert.Equal(new WipeVerdict(false, true, 3, 4, TimeSpan.Zero), guard.Check(Upstream(4), Upstream(1), "wipe"));
    }

    [Fact]
    public void ADifferentSnapshotInBetweenStartsTheWaitAgain()
    {
        var clock = new FakeTimeProvider();
        var guard = new WipeGuard(Lines, 0.5, Delay, clock);
        Assert.True(guard.Check(Upstream(4), Upstream(1), "wipe").Refused);
        clock.Advance(Delay);
        Assert.True(guard.Check(Upstream(4), Upstream(0), "other-wipe").Refused);
        guard.Forget();                                                                                    // an unchanged snapshot came in between
        clock.Advance(Delay);
        Assert.True(guard.Check(Upstream(4), Upstream(0), "other-wipe").Refused);
        clock.Advance(Delay);
        Assert.True(guard.Check(Upstream(4), Upstream(0), "other-wipe").Confirmed);
    }

    [Fact]
    public void SmallerRemovalsInARowAreSummedAgainstTheLastConfirmedState()
    {
        var clock = new FakeTimeProvider();
        var guard = new WipeGuard(Lines, 0.5, Delay, clock);
        Assert.False(guard.Check(Upstream(10), Upstream(7), "a").Refused);                                // 3 of 10
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(guard.Check(Upstream(7), Upstream(5), "b").Refused);                                 // 5 of 10
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new WipeVerdict(true, false, 7, 10, Delay), guard.Check(Upstream(5), Upstream(3), "c")); // 7 of 10: refused

        // Once the smaller state has stood for the delay, it is the confirmed one.
        clock.Advance(Delay);
        Assert.False(guard.Check(Upstream(5), Upstream(3), "d").Refused);                                 // 2 of 5
    }

    [Fact]
    public async Task AWipeIs409AndTouchesNothingUntilTheSameSnapshotComesAgainAfterTheDelay()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await RunningReceiver.StartAsync(
            new JsonObject { ["max_removed_share"] = 0.5, ["wipe_confirm_seconds"] = 15 },
            customize: b => b.Services.AddSingleton<TimeProvider>(clock));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, Cluster(Four))).Status);
        var files = receiver.Dir.FileNames().Where(n => n != "reloads.txt").ToDictionary(n => n, n => File.ReadAllText(receiver.Dir.File(n)));
        Assert.Equal(1, receiver.Reloads);

        // 6 of 8 server lines would go (75%).
        var (status, body) = await PostAsync(receiver, Cluster("n1"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("wipe_refused", body["result"]!.GetValue<string>());
        Assert.Equal(
            "Refused: this snapshot would remove 6 of the 8 server lines of the last confirmed state (75%), more than max_removed_share 0.5 allows. Nothing was written. The same snapshot sent again at least 15 s after its first refusal (wipe_confirm_seconds; 15 s from now) confirms it.",
            body["message"]!.GetValue<string>());
        Assert.Equal(files, receiver.Dir.FileNames().Where(n => n != "reloads.txt").ToDictionary(n => n, n => File.ReadAllText(receiver.Dir.File(n))));
        Assert.Equal("wipe_refused", JsonNode.Parse(await receiver.Client.GetStringAsync("/healthz"))!["last_apply"]!["result"]!.GetValue<string>());

        // The watcher's immediate retry of the same body does not confirm it.
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(receiver, Cluster("n1"))).Status);

        // Several smaller removals in a row are summed: 2 of 8, then 4 more of the same 8.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, Cluster("n1", "n2", "n3"))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(receiver, Cluster("n1"))).Status);

        // The same snapshot after the delay applies it.
        clock.Advance(TimeSpan.FromSeconds(15));
        var (confirmed, answer) = await PostAsync(receiver, Cluster("n1"));
        Assert.Equal(HttpStatusCode.OK, confirmed);
        Assert.Equal("applied", answer["result"]!.GetValue<string>());
        Assert.Equal("upstream web {\n\tserver\tnode-1:8080;\n}\n\n", File.ReadAllText(receiver.Dir.File("default.conf")));
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

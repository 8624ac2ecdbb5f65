using System.Text.Json.Nodes;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dupstream.Nginx.Tests.Applying;

public sealed class ApplyQueueTests
{
    [Fact]
    public async Task ANewerSnapshotSupersedesTheOneWaitingAndTheLastOneWins()
    {
        using var gate = new TempDirectory();
        var started = Path.Combine(gate.Path, "started");
        var go = Path.Combine(gate.Path, "go");
        // The first apply's test command blocks until the test lets it go, so the others must queue.
        using var h = new ApplierHarness(new JsonObject
        {
            ["nginx_test_command"] = $"touch {started}; while [ ! -e {go} ]; do sleep 0.02; done",
        });
        var status = new ApplyStatus(TimeProvider.System);
        var queue = new ApplyQueue(h.Applier, status, NullLogger<ApplyQueue>.Instance, SilentApplyObserver.Instance);

        var first = queue.SubmitAsync(h.Render(Snapshots.Web(1001)));
        await Eventually.UntilAsync(() => File.Exists(started), "the first apply to reach its test command");
        var second = queue.SubmitAsync(h.Render(Snapshots.Web(1002)));
        var third = queue.SubmitAsync(h.Render(Snapshots.Web(1003)));

        // "Superseded" is no answer until what replaced it was applied.
        Assert.False(second.IsCompleted);
        Assert.False(first.IsCompleted);
        File.WriteAllText(go, "");

        Assert.Equal(ApplyResult.Applied, (await first).Result);
        Assert.Equal(ApplyResult.Applied, (await third).Result);
        var replaced = await second;
        Assert.Equal(ApplyResult.Superseded, replaced.Result);
        Assert.True(replaced.Reloaded);
        Assert.EndsWith("the newer one was applied instead: Updated 1 file(s) and reloaded nginx.", replaced.Message, StringComparison.Ordinal);
        Assert.Equal(h.Render(Snapshots.Web(1003)).Files[0].Content, File.ReadAllText(h.Dir.File("default.conf")));
        Assert.Equal(2, h.Reloads);
        Assert.Equal(ApplyResult.Applied, status.Last?.Outcome.Result);
    }

    [Fact]
    public async Task ASnapshotReplacedByOneWhoseApplyFailsHearsTheFailure()
    {
        using var gate = new TempDirectory();
        var started = Path.Combine(gate.Path, "started");
        var go = Path.Combine(gate.Path, "go");
        var fail = Path.Combine(gate.Path, "fail");
        // The first apply passes its test once let go; every test that starts after "fail" exists fails.
        using var h = new ApplierHarness(new JsonObject
        {
            ["nginx_test_command"] = $"[ -e {fail} ] && exit 1; touch {started}; while [ ! -e {go} ]; do sleep 0.02; done",
            ["max_nginx_tests"] = 1,
        });
        var queue = new ApplyQueue(h.Applier, new ApplyStatus(TimeProvider.System), NullLogger<ApplyQueue>.Instance, SilentApplyObserver.Instance);

        var first = queue.SubmitAsync(h.Render(Snapshots.Web(1001)));
        await Eventually.UntilAsync(() => File.Exists(started), "the first apply to reach its test command");
        var second = queue.SubmitAsync(h.Render(Snapshots.Web(1002)));
        var third = queue.SubmitAsync(h.Render(Snapshots.Web(1003)));
        File.WriteAllText(fail, "");
        File.WriteAllText(go, "");

        Assert.Equal(ApplyResult.Applied, (await first).Result);
        Assert.Equal(ApplyResult.TestFailed, (await third).Result);
        var replaced = await second;
        Assert.Equal(ApplyResult.TestFailed, replaced.Result);
        Assert.StartsWith("A newer snapshot replaced this one in the queue, and applying it failed: ", replaced.Message, StringComparison.Ordinal);
    }
}

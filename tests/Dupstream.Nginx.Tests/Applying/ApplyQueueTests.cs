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
        var queue = new ApplyQueue(h.Applier, status, NullLogger<ApplyQueue>.Instance);

        var first = queue.SubmitAsync(h.Render(Snapshots.Web(1001)));
        await Poll.UntilAsync(() => File.Exists(started), "the first apply to reach its test command");
        var second = queue.SubmitAsync(h.Render(Snapshots.Web(1002)));
        var third = queue.SubmitAsync(h.Render(Snapshots.Web(1003)));

        Assert.Equal(ApplyResult.Superseded, (await second).Result);
        Assert.False(first.IsCompleted);
        File.WriteAllText(go, "");

        Assert.Equal(ApplyResult.Applied, (await first).Result);
        Assert.Equal(ApplyResult.Applied, (await third).Result);
        Assert.Equal(h.Render(Snapshots.Web(1003)).Files[0].Content, File.ReadAllText(h.Dir.File("default.conf")));
        Assert.Equal(2, h.Reloads);
        Assert.Equal(ApplyResult.Applied, status.Last?.Outcome.Result);
    }
}

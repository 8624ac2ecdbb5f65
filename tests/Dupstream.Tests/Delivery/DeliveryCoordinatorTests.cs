using Dupstream.Delivery;
using Dupstream.Tests.Support;
using static Dupstream.Tests.Support.Snapshots;

namespace Dupstream.Tests.Delivery;

public class DeliveryCoordinatorTests
{
    private static DeliverySettings Settings(bool debug = false) =>
        new(false, debug, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3));

    [Fact]
    public async Task A_slow_target_delays_no_other_and_later_gets_only_the_latest()
    {
        var slow = new FakeTarget("slow", TimeProvider.System);
        var fast = new FakeTarget("fast", TimeProvider.System);
        var release = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        slow.ThenHang(release);
        using var coordinator = new DeliveryCoordinator([slow, fast], Settings(), TimeProvider.System, new ListLogger<DeliveryCoordinator>(), SilentDeliveryObserver.Instance);
        await coordinator.StartAsync(CancellationToken.None);

        coordinator.Publish(Version(1));
        await Eventually.TrueAsync(() => fast.Attempts.Count == 1 && slow.Attempts.Count == 1, "both targets got snapshot 1 in flight");
        coordinator.Publish(Version(2));
        await Eventually.TrueAsync(() => fast.Attempts.Count == 2, "the fast target got snapshot 2 while the slow one hangs");
        coordinator.Publish(Version(3));
        await Eventually.TrueAsync(() => fast.Attempts.Count == 3, "the fast target got snapshot 3 while the slow one hangs");

        release.SetResult(DeliveryResult.Answered(200));
        await Eventually.TrueAsync(() => coordinator.Workers[0].Acknowledged?.Sequence == 3, "the slow target caught up");
        await coordinator.StopAsync(CancellationToken.None);

        Assert.Equal([1, 2, 3], fast.Attempts.Select(attempt => VersionOf(attempt.Snapshot)));
        Assert.Equal([1, 3], slow.Attempts.Select(attempt => VersionOf(attempt.Snapshot)));
    }

    [Fact]
    public void Debug_logs_the_body_once_per_new_snapshot()
    {
        var logger = new ListLogger<DeliveryCoordinator>();
        var coordinator = new DeliveryCoordinator([], Settings(debug: true), TimeProvider.System, logger, SilentDeliveryObserver.Instance);

        coordinator.Publish(Version(1));

        var body = Assert.Single(logger.Entries, entry => entry.Id.Id == 302);
        Assert.Contains("\"Name\":\"svc001\"", body.Message, StringComparison.Ordinal);
    }
}

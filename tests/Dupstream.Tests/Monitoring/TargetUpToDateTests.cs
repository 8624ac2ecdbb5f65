using Dupstream.Delivery;
using Dupstream.Monitoring;
using Dupstream.Snapshots;
using Dupstream.Watching;
using Microsoft.Extensions.Time.Testing;
using static Dupstream.Tests.Support.Snapshots;

namespace Dupstream.Tests.Monitoring;

/// <summary>Issue 11: "up to date" means the target acknowledged the newest snapshot, never "it has not failed yet".</summary>
public class TargetUpToDateTests
{
    private static readonly RefreshSettings Settings = new(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(25), 1.5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3));

    private sealed class ScriptedTarget(DeliveryResult result) : ITarget
    {
        public string Display => "http://127.0.0.1:9/lb";

        public bool ResyncEveryPeriod => false;

        public Task<DeliveryResult> SendAsync(CanonicalSnapshot snapshot, CancellationToken cancellationToken) => Task.FromResult(result);
    }

    private static bool UpToDate(WatcherMonitor monitor) => Assert.Single(monitor.Health().Targets).UpToDate;

    [Fact]
    public void A_target_that_never_acknowledged_anything_is_not_up_to_date_before_or_after_the_first_listing()
    {
        var monitor = new WatcherMonitor(new FakeTimeProvider(), Settings.Period, "test");
        monitor.Observe(new ScriptedTarget(DeliveryResult.Answered(200)));

        Assert.False(UpToDate(monitor));
        monitor.ListingSucceeded(true, Version(1), changed: true, 1, 1);
        Assert.False(UpToDate(monitor));
    }

    [Fact]
    public async Task A_target_is_up_to_date_once_it_acknowledged_the_newest_snapshot_and_behind_after_a_change()
    {
        var monitor = new WatcherMonitor(new FakeTimeProvider(), Settings.Period, "test");
        var target = monitor.Observe(new ScriptedTarget(DeliveryResult.Answered(200)));
        monitor.ListingSucceeded(true, Version(1), changed: true, 1, 1);

        await target.SendAsync(Version(1), CancellationToken.None);
        Assert.True(UpToDate(monitor));

        monitor.ListingSucceeded(false, Version(2), changed: true, 1, 1);
        Assert.False(UpToDate(monitor));
    }

    [Fact]
    public async Task A_refusing_target_stays_not_up_to_date()
    {
        var monitor = new WatcherMonitor(new FakeTimeProvider(), Settings.Period, "test");
        var target = monitor.Observe(new ScriptedTarget(DeliveryResult.Answered(503)));
        monitor.ListingSucceeded(true, Version(1), changed: true, 1, 1);

        await target.SendAsync(Version(1), CancellationToken.None);

        Assert.False(UpToDate(monitor));
        Assert.Null(Assert.Single(monitor.Health().Targets).LastSuccess);
    }
}

using Dupstream.Docker;
using Dupstream.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Dupstream.Tests.Watching;

public class RefreshSignalsTests
{
    private static readonly EngineEvent ServiceUpdate = new("service", "update", "s1", 1);

    [Fact]
    public async Task A_burst_of_events_wakes_the_loop_once_after_the_coalescing_window()
    {
        var time = new FakeTimeProvider();
        var signals = new RefreshSignals(time);
        var waiting = signals.WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None);

        signals.NotifyEvent(ServiceUpdate);
        for (var i = 0; i < 4; i++)
        {
            // All within the window (a fifth of it apart).
            time.Advance(RefreshSignals.CoalesceWindow / 5);
            signals.NotifyEvent(ServiceUpdate);
        }

        Assert.False(waiting.IsCompleted);
        await Eventually.TrueAsync(() => waiting.IsCompleted, "the window closed", time, TimeSpan.FromMilliseconds(1));

        var wake = await waiting;
        Assert.Equal(5, wake.Events);
        Assert.Equal(["s1"], wake.Changes!.Services);
        Assert.True(wake.Signalled);

        // Everything was taken: the next wait sleeps until its timeout.
        var next = signals.WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.False((await next).Signalled);
    }

    [Fact]
    public async Task The_wake_names_the_services_and_nodes_of_the_events()
    {
        var time = new FakeTimeProvider();
        var signals = new RefreshSignals(time);
        signals.NotifyEvent(new EngineEvent("service", "create", "s2", 1));
        signals.NotifyEvent(new EngineEvent("node", "update", "n1", 2));
        signals.NotifyEvent(new EngineEvent("service", "remove", "s3", 3));

        var waiting = signals.WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
        await Eventually.TrueAsync(() => waiting.IsCompleted, "the window closed", time, TimeSpan.FromMilliseconds(1));

        var changes = (await waiting).Changes!;
        Assert.Equal(["s2", "s3"], changes.Services.Order(StringComparer.Ordinal));
        Assert.Equal(["n1"], changes.Nodes);
        Assert.False(changes.Unspecific);
    }

    [Fact]
    public async Task With_no_signal_the_wait_ends_at_the_timeout()
    {
        var time = new FakeTimeProvider();
        var signals = new RefreshSignals(time);
        var waiting = signals.WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None);

        time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(RefreshWake.Timer, await waiting);
    }

    [Fact]
    public async Task A_signal_that_came_before_the_wait_is_not_lost()
    {
        var time = new FakeTimeProvider();
        var signals = new RefreshSignals(time);
        signals.NotifyResync();

        var waiting = signals.WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
        await Eventually.TrueAsync(() => waiting.IsCompleted, "the pending resync was seen", time, TimeSpan.FromMilliseconds(5));

        Assert.True((await waiting).Resync);
    }
}

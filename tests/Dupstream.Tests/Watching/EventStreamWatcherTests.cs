using Dupstream.Docker;
using Dupstream.Tests.Support;
using Dupstream.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Dupstream.Tests.Watching;

public sealed class EventStreamWatcherTests : IAsyncDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeEngine engine = new();
    private readonly ListLogger<EventStreamWatcher> logger = new();
    private readonly RefreshSignals signals;
    private readonly EventStreamWatcher watcher;

    public EventStreamWatcherTests()
    {
        signals = new RefreshSignals(time);
        var settings = new RefreshSettings(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(100), 1.5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3));
        watcher = new EventStreamWatcher(engine, signals, settings, time, logger, SilentWatchObserver.Instance);
    }

    [Fact]
    public async Task Subscribes_from_just_before_start_and_passes_events_on()
    {
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => engine.SubscribeCalls == 1 && signals.StreamLive, "the watcher subscribed");

        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(1), engine.SubscribedSince[0]);
        var waiting = signals.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        engine.CurrentStream!.Writer.TryWrite(new EngineEvent("service", "create", "s1", 1));
        engine.CurrentStream!.Writer.TryWrite(new EngineEvent("node", "update", "n1", 2));
        // The clock stays still until both are handed on: moved earlier, the coalescing window could close on the first.
        await Eventually.TrueAsync(() => logger.Count(203) == 2, "both events were read");
        await Eventually.TrueAsync(() => waiting.IsCompleted, "the loop was woken", time, TimeSpan.FromMilliseconds(5));

        var wake = await waiting;
        Assert.Equal(2, wake.Events);
        Assert.False(wake.Resync);
    }

    [Fact]
    public async Task After_the_stream_breaks_it_reconnects_from_the_last_event_and_asks_for_a_full_listing()
    {
        await watcher.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => engine.SubscribeCalls == 1, "the watcher subscribed");
        var lastEvent = new DateTimeOffset(2026, 11, 25, 12, 0, 5, TimeSpan.Zero);
        var lastEventNano = (lastEvent - DateTimeOffset.UnixEpoch).Ticks * 100;
        engine.CurrentStream!.Writer.TryWrite(new EngineEvent("service", "update", "s1", lastEventNano));
        await Eventually.TrueAsync(() => logger.Count(203) == 1, "the event was read");

        engine.Failure = new InvalidOperationException("engine restarting");
        engine.CurrentStream.Writer.TryComplete(new IOException("connection reset"));
        await Eventually.TrueAsync(() => !signals.StreamLive && logger.Count(205) >= 2, "the watcher noticed and retried", time, TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, engine.SubscribeCalls);

        engine.Failure = null;
        await Eventually.TrueAsync(() => engine.SubscribeCalls == 2 && signals.StreamLive, "the watcher reconnected", time, TimeSpan.FromMilliseconds(50));
        Assert.Equal(lastEvent, engine.SubscribedSince[1]);

        var waiting = signals.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        await Eventually.TrueAsync(() => waiting.IsCompleted, "the resync signal came", time, TimeSpan.FromMilliseconds(5));
        Assert.True((await waiting).Resync);
    }

    public async ValueTask DisposeAsync()
    {
        await watcher.StopAsync(CancellationToken.None);
        watcher.Dispose();
    }
}

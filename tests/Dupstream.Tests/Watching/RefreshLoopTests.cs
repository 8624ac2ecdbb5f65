using Dupstream.Docker;
using Dupstream.Tests.Support;
using Dupstream.Watching;
using Microsoft.Extensions.Time.Testing;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Watching;

public sealed class RefreshLoopTests : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(3);
    private readonly FakeTimeProvider time = new();
    private readonly FakeEngine engine = new();
    private readonly RecordingPublisher publisher = new();
    private readonly ListLogger<RefreshLoop> logger = new();
    private readonly RefreshSignals signals;
    private readonly RefreshLoop loop;

    public RefreshLoopTests()
    {
        signals = new RefreshSignals(time);
        var settings = new RefreshSettings(Period, TimeSpan.FromMilliseconds(100), 1.5, TimeSpan.FromMilliseconds(200), Period);
        loop = new RefreshLoop(new SwarmReader(engine), signals, publisher, settings, logger);
        engine.Nodes = [Node("n1", "host1")];
        engine.Services = [Service("s1", "web", Port(8080, 80))];
        engine.Tasks = [Task("t1", "s1", "n1")];
    }

    private static readonly InvalidOperationException EngineDown = new("engine down");

    private async Task StartAsync(bool streamLive = true)
    {
        signals.SetStreamLive(streamLive);
        await loop.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Publishes_a_snapshot_from_a_full_listing_at_start()
    {
        await StartAsync();

        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        var snapshot = publisher.Published[0].Snapshot;
        Assert.Equal(["n1"], snapshot.Services.Single().Nodes);
        Assert.Equal(1, engine.NodeCalls);
        Assert.Equal(1, engine.ServiceCalls);
    }

    [Fact]
    public async Task Never_publishes_from_a_failed_listing_and_recovers_when_the_engine_returns()
    {
        engine.Failure = EngineDown;
        await StartAsync();

        await Eventually.TrueAsync(() => engine.NodeCalls >= 4, "the loop kept retrying", time, TimeSpan.FromMilliseconds(100));
        Assert.Empty(publisher.Published);
        Assert.True(logger.Count(200) >= 3);

        engine.Failure = null;
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "a snapshot followed the engine's return", time, TimeSpan.FromMilliseconds(100));
        Assert.Single(publisher.Published[0].Snapshot.Services);
        Assert.Equal(1, logger.Count(201));
    }

    [Fact]
    public async Task Never_publishes_from_a_listing_that_broke_halfway()
    {
        engine.TaskFailure = EngineDown;
        await StartAsync();

        await Eventually.TrueAsync(() => engine.TaskCalls >= 4, "the loop kept retrying", time, TimeSpan.FromMilliseconds(100));
        Assert.Empty(publisher.Published);

        engine.TaskFailure = null;
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the complete listing was published", time, TimeSpan.FromMilliseconds(100));
        Assert.Equal(["n1"], publisher.Published[0].Snapshot.Services.Single().Nodes);
    }

    [Fact]
    public async Task Keeps_the_last_good_snapshot_while_the_engine_is_down()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        engine.Failure = EngineDown;
        var calls = engine.TaskCalls;
        await Eventually.TrueAsync(() => engine.TaskCalls >= calls + 3, "the loop kept polling", time, TimeSpan.FromMilliseconds(100));

        Assert.Single(publisher.Published);
    }

    [Fact]
    public async Task When_idle_with_a_live_event_stream_it_lists_only_tasks_once_per_period()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        // Let the fast phase after the first snapshot run out.
        await AdvanceAsync(TimeSpan.FromSeconds(15));
        var tasksBefore = engine.TaskCalls;
        await AdvanceAsync(Period * 10);

        Assert.Equal(1, engine.NodeCalls);
        Assert.Equal(1, engine.ServiceCalls);
        Assert.InRange(engine.TaskCalls - tasksBefore, 5, 10);
    }

    [Fact]
    public async Task Without_a_live_event_stream_every_poll_is_a_full_listing()
    {
        await StartAsync(streamLive: false);
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        await AdvanceAsync(Period * 3);

        Assert.Equal(engine.TaskCalls, engine.NodeCalls);
        Assert.True(engine.NodeCalls >= 3);
    }

    [Fact]
    public async Task A_burst_of_events_causes_one_full_listing()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        engine.Services = [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9090, 90))];
        for (var i = 0; i < 5; i++)
        {
            signals.NotifyEvent(new EngineEvent("service", "create", "s2", i + 1));
        }

        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the new service was published", time, TimeSpan.FromMilliseconds(5));
        Assert.Equal(2, engine.NodeCalls);
        Assert.Equal(2, publisher.Published[1].Snapshot.Services.Count);
    }

    [Fact]
    public async Task After_a_change_tasks_are_polled_fast_so_a_task_that_starts_later_is_seen_well_before_the_period()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");
        await AdvanceAsync(TimeSpan.FromSeconds(15));

        // A service is created: its task is not running yet when the event arrives.
        engine.Services = [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9090, 90))];
        signals.NotifyEvent(new EngineEvent("service", "create", "s2", 1));
        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the new service was published", time, TimeSpan.FromMilliseconds(5));
        Assert.Empty(publisher.Published[1].Snapshot.Services.Single(service => service.Name == "api").Nodes);

        await AdvanceAsync(TimeSpan.FromMilliseconds(600));
        engine.Tasks = [Task("t1", "s1", "n1"), Task("t2", "s2", "n1")];
        var started = time.GetUtcNow();
        await Eventually.TrueAsync(() => publisher.Published.Count == 3, "the running task was published", time, TimeSpan.FromMilliseconds(10));

        Assert.True(time.GetUtcNow() - started < TimeSpan.FromSeconds(1), $"seen after {(time.GetUtcNow() - started).TotalMilliseconds} ms");
        Assert.Equal(["n1"], publisher.Published[2].Snapshot.Services.Single(service => service.Name == "api").Nodes);
    }

    [Fact]
    public async Task A_task_whose_desired_state_turned_to_shutdown_leaves_at_the_next_poll()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        // The engine's filtered listing stops returning a task as soon as its desired state is no longer running.
        engine.Tasks = [];
        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the drained task was dropped", time, TimeSpan.FromMilliseconds(50));

        Assert.Empty(publisher.Published[1].Snapshot.Services.Single().Nodes);
    }

    [Fact]
    public async Task While_a_task_is_starting_it_keeps_polling_fast_so_its_start_is_seen_at_once()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");
        await AdvanceAsync(TimeSpan.FromSeconds(15));

        // A service is created; its task is scheduled but takes a while to start (pulling, preparing).
        engine.Services = [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9090, 90))];
        engine.Tasks = [Task("t1", "s1", "n1"), Task("t2", "s2", "n1", state: "preparing")];
        signals.NotifyEvent(new EngineEvent("service", "create", "s2", 1));
        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the new service was published", time, TimeSpan.FromMilliseconds(5));

        // Well past the point where the fast phase alone would have slowed to polls many hundred ms apart.
        await AdvanceAsync(TimeSpan.FromMilliseconds(2500));
        engine.Tasks = [Task("t1", "s1", "n1"), Task("t2", "s2", "n1")];
        var started = time.GetUtcNow();
        await Eventually.TrueAsync(() => publisher.Published.Count == 3, "the running task was published", time, TimeSpan.FromMilliseconds(10));

        Assert.True(time.GetUtcNow() - started <= TimeSpan.FromMilliseconds(200), $"seen after {(time.GetUtcNow() - started).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_task_stuck_before_running_does_not_keep_the_loop_fast_for_ever()
    {
        engine.Tasks = [Task("t1", "s1", "n1"), Task("t2", "s1", "n1", state: "pending")];
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        await AdvanceAsync(RefreshSettings.StartingWindow + TimeSpan.FromSeconds(15));
        var tasksBefore = engine.TaskCalls;
        await AdvanceAsync(Period * 10);

        Assert.InRange(engine.TaskCalls - tasksBefore, 5, 10);
    }

    private async Task AdvanceAsync(TimeSpan total)
    {
        var step = TimeSpan.FromMilliseconds(50);
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += step)
        {
            time.Advance(step);
            await System.Threading.Tasks.Task.Delay(1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await loop.StopAsync(CancellationToken.None);
        loop.Dispose();
    }
}

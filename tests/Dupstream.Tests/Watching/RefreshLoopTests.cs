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
        loop = new RefreshLoop(new SwarmReader(engine), signals, publisher, settings, logger, SilentWatchObserver.Instance, ListingMemory.Shared);
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
    public async Task Unchanged_refreshes_publish_nothing_and_a_change_and_its_undo_publish_one_each()
    {
        var observer = new ChangeRecordingObserver();
        using var watched = new RefreshLoop(
            new SwarmReader(engine), signals, publisher, new RefreshSettings(Period, TimeSpan.FromMilliseconds(100), 1.5, TimeSpan.FromMilliseconds(200), Period), logger, observer, ListingMemory.Shared);
        signals.SetStreamLive(false);
        await watched.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        await AdvanceAsync(Period * 3);
        Assert.Single(publisher.Published);

        engine.Tasks = [];
        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the change was published", time, TimeSpan.FromMilliseconds(100));
        engine.Tasks = [Task("t1", "s1", "n1")];
        await Eventually.TrueAsync(() => publisher.Published.Count == 3, "the undo was published", time, TimeSpan.FromMilliseconds(100));
        await AdvanceAsync(Period * 2);
        await watched.StopAsync(CancellationToken.None);

        Assert.Equal(3, publisher.Published.Count);
        // The monitor is told the same decision the publisher acted on.
        Assert.Equal(3, observer.Changes.Count(changed => changed));
        Assert.True(observer.Changes.Count > 3);
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
    public async Task A_burst_of_events_causes_one_read_of_the_named_service_and_no_full_listing()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        engine.Services = [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9090, 90))];
        for (var i = 0; i < 5; i++)
        {
            signals.NotifyEvent(new EngineEvent("service", "create", "s2", i + 1));
        }

        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the new service was published", time, TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, engine.NodeCalls);
        Assert.Equal(1, engine.ServiceCalls);
        Assert.Equal(1, engine.TaskCalls);
        Assert.Equal(["services:s2", "tasks-of:s2"], engine.FilteredRequests.Take(2));
        Assert.Equal(1, engine.FilteredRequests.Count(request => request.StartsWith("services:", StringComparison.Ordinal)));
        Assert.Equal(2, publisher.Published[1].Snapshot.Services.Count);
    }

    [Fact]
    public async Task Events_for_several_services_are_read_with_one_request_per_kind()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        engine.Services = [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9090, 90)), Service("s3", "db", Port(5432, 5432))];
        engine.Tasks = [Task("t1", "s1", "n1"), Task("t2", "s2", "n1"), Task("t3", "s3", "n1")];
        signals.NotifyEvent(new EngineEvent("service", "create", "s3", 1));
        signals.NotifyEvent(new EngineEvent("service", "create", "s2", 2));

        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "both services were published", time, TimeSpan.FromMilliseconds(5));
        Assert.Equal(["services:s2,s3", "tasks-of:s2,s3"], engine.FilteredRequests.Take(2));
        Assert.All(publisher.Published[1].Snapshot.Services, service => Assert.Equal(["n1"], service.Nodes));
    }

    [Fact]
    public async Task A_removed_service_leaves_without_a_full_listing_although_the_engine_refuses_its_task_filter()
    {
        engine.Services = [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9090, 90))];
        engine.Tasks = [Task("t1", "s1", "n1"), Task("t2", "s2", "n1")];
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        engine.Services = [Service("s1", "web", Port(8080, 80))];
        engine.Tasks = [Task("t1", "s1", "n1")];
        signals.NotifyEvent(new EngineEvent("service", "remove", "s2", 1));

        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the removal was published", time, TimeSpan.FromMilliseconds(5));
        Assert.Equal("web", publisher.Published[1].Snapshot.Services.Single().Name);
        Assert.Equal(1, engine.NodeCalls);
        Assert.Equal(1, engine.TaskCalls);
        Assert.Equal(0, logger.Count(200));
    }

    [Fact]
    public async Task A_node_event_reads_that_node_its_tasks_and_the_services_that_ran_there()
    {
        engine.Nodes = [Node("n1", "host1"), Node("n2", "host2", addr: "10.0.0.2")];
        engine.Tasks = [Task("t1", "s1", "n1")];
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        // n1 is drained: its task is rescheduled on n2.
        engine.Nodes = [Node("n1", "host1", availability: "drain"), Node("n2", "host2", addr: "10.0.0.2")];
        engine.Tasks = [Task("t2", "s1", "n2")];
        signals.NotifyEvent(new EngineEvent("node", "update", "n1", 1));

        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the drain was published", time, TimeSpan.FromMilliseconds(5));
        var snapshot = publisher.Published[1].Snapshot;
        Assert.Equal(["n2"], snapshot.Nodes.Select(node => node.Id));
        Assert.Equal(["n2"], snapshot.Services.Single().Nodes);
        Assert.Equal(["nodes:n1", "tasks-on:n1", "services:s1", "tasks-of:s1"], engine.FilteredRequests.Take(4));
        Assert.Equal(1, engine.NodeCalls);
    }

    [Fact]
    public async Task An_event_that_names_nothing_usable_gets_a_full_listing()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        signals.NotifyEvent(new EngineEvent("service", "update", string.Empty, 1));

        await Eventually.TrueAsync(() => engine.NodeCalls == 2, "a full listing followed", time, TimeSpan.FromMilliseconds(5));
        Assert.Empty(engine.FilteredRequests);
    }

    [Fact]
    public async Task A_reconnected_event_stream_gets_a_full_listing()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");

        signals.NotifyResync();

        await Eventually.TrueAsync(() => engine.NodeCalls == 2 && engine.ServiceCalls == 2, "a full listing followed", time, TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public async Task Follow_up_polls_ask_only_about_the_changed_service_and_end_with_the_fast_phase()
    {
        await StartAsync();
        await Eventually.TrueAsync(() => publisher.Published.Count == 1, "the first snapshot was published");
        await AdvanceAsync(TimeSpan.FromSeconds(15));

        engine.Services = [Service("s1", "web", Port(8080, 80)), Service("s2", "api", Port(9090, 90))];
        signals.NotifyEvent(new EngineEvent("service", "update", "s2", 1));
        await Eventually.TrueAsync(() => publisher.Published.Count == 2, "the change was published", time, TimeSpan.FromMilliseconds(5));
        await AdvanceAsync(Period * 3);
        var followUps = engine.FilteredRequests.Count;
        var tasksBefore = engine.TaskCalls;
        await AdvanceAsync(Period * 5);

        Assert.All(engine.FilteredRequests.Skip(2), request => Assert.Equal("tasks-of:s2", request));
        Assert.InRange(followUps, 5, 20);
        Assert.Equal(followUps, engine.FilteredRequests.Count);
        Assert.InRange(engine.TaskCalls - tasksBefore, 3, 6);
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
        // Small steps: the clock keeps moving while the loop polls, and each step it moves then counts as latency.
        await Eventually.TrueAsync(() => publisher.Published.Count == 3, "the running task was published", time, TimeSpan.FromMilliseconds(2));

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
        // Small steps: the clock keeps moving while the loop polls, and each step it moves then counts as latency.
        await Eventually.TrueAsync(() => publisher.Published.Count == 3, "the running task was published", time, TimeSpan.FromMilliseconds(2));

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

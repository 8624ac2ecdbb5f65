using Dupstream.Delivery;
using Dupstream.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Dupstream.Tests.Support.Snapshots;

namespace Dupstream.Tests.Delivery;

public sealed class TargetWorkerTests : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(3);
    private readonly TimerCountingTimeProvider time = new();
    private readonly CancellationTokenSource stop = new();
    private readonly ListLogger<TargetWorker> logger = new();
    private readonly FakeTarget target;
    private Task? running;

    public TargetWorkerTests() => target = new FakeTarget("fake", time);

    private TargetWorker Start(bool always = false)
    {
        var settings = new DeliverySettings(always, false, Period, TimeSpan.FromMilliseconds(200), Period);
        var worker = new TargetWorker(target, settings, time, () => 1.0, logger);
        running = Task.Run(() => worker.RunAsync(stop.Token));
        return worker;
    }

    private IEnumerable<int> SentVersions => target.Attempts.Select(attempt => VersionOf(attempt.Snapshot));

    [Fact]
    public async Task Sends_an_offered_snapshot_and_remembers_the_acknowledgement()
    {
        var worker = Start();
        worker.Offer(Envelope(1, 1));

        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "the target acknowledged snapshot 1");

        Assert.Equal([1], SentVersions);
    }

    [Fact]
    public async Task Does_not_send_what_the_target_already_acknowledged()
    {
        var worker = Start();
        worker.Offer(Envelope(1, 1));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "snapshot 1 was acknowledged");

        worker.Offer(new DeliveryEnvelope(2, Version(1)));
        await Eventually.TrueAsync(() => logger.Count(303) == 1, "the worker skipped the unchanged snapshot");
        worker.Offer(Envelope(3, 3));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 3, "snapshot 3 was acknowledged");

        Assert.Equal([1, 3], SentVersions);
    }

    [Fact]
    public async Task Retries_with_backoff_and_sends_the_latest_snapshot_when_the_target_comes_back()
    {
        target.ThenFail(2);
        var worker = Start();
        worker.Offer(Envelope(1, 1));
        await Eventually.TrueAsync(() => target.Attempts.Count == 1, "the first attempt was made");

        // Newer snapshots arrive while the target is down: only the latest matters.
        worker.Offer(Envelope(2, 2));
        worker.Offer(Envelope(3, 3));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 3, "the target was caught up", time);

        Assert.Equal([1, 3, 3], SentVersions);
        var attempts = target.Attempts;
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(200), "first retry waits the initial backoff");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromMilliseconds(400), "second retry waits twice as long");
        Assert.Equal(2, logger.Count(301));
    }

    [Fact]
    public async Task Never_waits_longer_than_the_cap_between_retries()
    {
        target.ThenFail(8);
        var worker = Start();
        worker.Offer(Envelope(1, 1));

        // Each retry's delay is a timer on the fake clock: move the clock by exactly that delay once the timer is
        // made, so the attempts' times are the worker's schedule and nothing else (jitter is fixed at 1; the delays double from 200 ms up to the cap, one period).
        var expected = new[] { 200, 400, 800, 1600, 3000, 3000, 3000, 3000 }.Select(ms => TimeSpan.FromMilliseconds(ms)).ToList();
        for (var retry = 1; retry <= expected.Count; retry++)
        {
            var timers = retry;
            await Eventually.TrueAsync(() => target.Attempts.Count == timers && time.TimersCreated == timers, $"the worker waits before retry {retry}");
            time.Advance(expected[retry - 1]);
        }

        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "the target recovered");
        var attempts = target.Attempts;
        Assert.Equal(expected, attempts.Zip(attempts.Skip(1), (first, second) => second.At - first.At));
    }

    [Fact]
    public async Task A_dead_target_is_retried_every_period_but_warned_about_once_a_minute_after_the_first_three()
    {
        target.ThenFail(1_000);
        var worker = Start();
        worker.Offer(Envelope(1, 1));

        await Eventually.TrueAsync(() => target.Attempts.Count >= 3, "three attempts", time, TimeSpan.FromMilliseconds(50));
        Assert.Equal(3, logger.Count(301));
        var started = time.GetUtcNow();
        await Eventually.TrueAsync(() => time.GetUtcNow() - started >= TimeSpan.FromMinutes(5), "five minutes", time, TimeSpan.FromMilliseconds(500));

        Assert.True(target.Attempts.Count >= 5 * 60 / Period.TotalSeconds * 0.9, $"{target.Attempts.Count} attempts");
        Assert.InRange(logger.Count(301), 3 + 4, 3 + 6);
    }

    [Fact]
    public async Task With_always_resends_the_current_snapshot_every_period()
    {
        var worker = Start(always: true);
        var sentFirst = time.GetUtcNow();
        worker.Offer(Envelope(1, 1));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "snapshot 1 was acknowledged");

        await PeriodicSends.StepAsync(time, Period, periods: 2, () => target.Attempts.Count, "resend");

        var attempts = target.Attempts;
        Assert.All(attempts, attempt => Assert.Equal(1, VersionOf(attempt.Snapshot)));
        Assert.Equal([sentFirst, sentFirst + Period, sentFirst + (2 * Period)], attempts.Select(attempt => attempt.At));
    }

    [Fact]
    public async Task Without_always_an_unchanged_snapshot_is_not_resent_as_time_passes()
    {
        var worker = Start();
        worker.Offer(Envelope(1, 1));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "snapshot 1 was acknowledged");

        for (var i = 0; i < 30; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Yield();
        }

        worker.Offer(Envelope(2, 2));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 2, "snapshot 2 was acknowledged");
        Assert.Equal([1, 2], SentVersions);
    }

    [Fact]
    public async Task A_failed_change_and_its_undo_leave_nothing_to_send()
    {
        var worker = Start();
        worker.Offer(Envelope(1, 1));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "snapshot 1 was acknowledged");
        target.ThenFail(1);
        worker.Offer(Envelope(2, 2));
        await Eventually.TrueAsync(() => target.Attempts.Count == 2, "snapshot 2 was tried");

        worker.Offer(new DeliveryEnvelope(3, Version(1)));
        await Eventually.TrueAsync(() => logger.Count(303) == 1, "the worker noticed the target already has it", time);

        Assert.Equal([1, 2], SentVersions);
        Assert.Equal(1, worker.Acknowledged!.Sequence);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running;
        }

        stop.Dispose();
    }
}

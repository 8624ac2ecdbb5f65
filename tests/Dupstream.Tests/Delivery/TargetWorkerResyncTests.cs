using Dupstream.Delivery;
using Dupstream.Snapshots;
using Dupstream.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Dupstream.Tests.Support.Snapshots;

namespace Dupstream.Tests.Delivery;

/// <summary>A target that asks to be re-synced every period (Consul: drift repair) gets the snapshot again without --always.</summary>
public sealed class TargetWorkerResyncTests : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(3);
    private readonly TimerCountingTimeProvider time = new();
    private readonly CancellationTokenSource stop = new();
    private readonly ListLogger<TargetWorker> logger = new();
    private Task? running;

    private TargetWorker Start(ITarget target)
    {
        var settings = new DeliverySettings(Always: false, Debug: false, Period, TimeSpan.FromMilliseconds(200), Period);
        var worker = new TargetWorker(target, settings, time, () => 1.0, logger);
        running = Task.Run(() => worker.RunAsync(stop.Token));
        return worker;
    }

    [Fact]
    public async Task A_resyncing_target_gets_the_acknowledged_snapshot_again_every_period()
    {
        var fake = new FakeTarget("consul", time);
        var worker = Start(new Resyncing(fake));
        var sentFirst = time.GetUtcNow();
        worker.Offer(Envelope(1, 1));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "snapshot 1 was acknowledged");

        await PeriodicSends.StepAsync(time, Period, periods: 2, () => fake.Attempts.Count, "periodic re-sync");

        Assert.All(fake.Attempts, attempt => Assert.Equal(1, VersionOf(attempt.Snapshot)));
        Assert.Equal([sentFirst, sentFirst + Period, sentFirst + (2 * Period)], fake.Attempts.Select(attempt => attempt.At));
    }

    [Fact]
    public async Task An_offered_snapshot_the_resyncing_target_already_has_is_still_not_sent_at_once()
    {
        var fake = new FakeTarget("consul", time);
        var worker = Start(new Resyncing(fake));
        worker.Offer(Envelope(1, 1));
        await Eventually.TrueAsync(() => worker.Acknowledged?.Sequence == 1, "snapshot 1 was acknowledged");

        worker.Offer(new DeliveryEnvelope(2, Version(1)));
        await Eventually.TrueAsync(() => logger.Count(303) == 1, "the worker skipped the unchanged snapshot");

        Assert.Single(fake.Attempts);
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

    private sealed class Resyncing(FakeTarget inner) : ITarget
    {
        public string Display => inner.Display;

        public bool ResyncEveryPeriod => true;

        public Task<DeliveryResult> SendAsync(CanonicalSnapshot snapshot, CancellationToken cancellationToken) => inner.SendAsync(snapshot, cancellationToken);
    }
}

using System.Text;
using Dupstream.Logging;
using Dupstream.Snapshots;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dupstream.Delivery;

/// <summary>
/// Fans each new snapshot out to one <see cref="TargetWorker"/> per target and runs the workers side by side.
/// The refresh loop publishes only snapshots that changed; whether a target still needs one is its worker's question.
/// </summary>
internal sealed class DeliveryCoordinator : BackgroundService, ISnapshotPublisher
{
    private readonly IReadOnlyList<TargetWorker> workers;
    private readonly DeliverySettings settings;
    private readonly ILogger logger;
    private long sequence;

    public DeliveryCoordinator(IEnumerable<ITarget> targets, DeliverySettings settings, TimeProvider time, ILogger<DeliveryCoordinator> logger, IDeliveryObserver observer)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(observer);
        this.settings = settings;
        this.logger = logger;
        workers = targets.Select(observer.Observe).Select(target => new TargetWorker(target, settings, time, Random.Shared.NextDouble, logger)).ToList();
    }

    public IReadOnlyList<TargetWorker> Workers => workers;

    public void Publish(CanonicalSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var envelope = new DeliveryEnvelope(Interlocked.Increment(ref sequence), snapshot);
        if (settings.Debug && logger.IsEnabled(LogLevel.Information))
        {
            logger.Body(snapshot.Fingerprint, Encoding.UTF8.GetString(snapshot.Bytes.Span));
        }

        foreach (var worker in workers)
        {
            worker.Offer(envelope);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(workers.Select(worker => Task.Run(() => worker.RunAsync(stoppingToken), CancellationToken.None)));
}

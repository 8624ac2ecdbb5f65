using Dupstream.Delivery;
using Dupstream.Snapshots;

namespace Dupstream.Monitoring;

/// <summary>A target that reports each delivery attempt (outcome, duration) to the monitor; otherwise the target itself.</summary>
internal sealed class MonitoredTarget(ITarget inner, TargetTracker tracker, WatcherMonitor monitor, TimeProvider time) : ITarget
{
    public string Display => inner.Display;

    public bool ResyncEveryPeriod => inner.ResyncEveryPeriod;

    public ITarget Inner => inner;

    public async Task<DeliveryResult> SendAsync(CanonicalSnapshot snapshot, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = await inner.SendAsync(snapshot, cancellationToken).ConfigureAwait(false);
        monitor.DeliveryFinished(tracker, snapshot, result, time.GetElapsedTime(started));
        return result;
    }
}

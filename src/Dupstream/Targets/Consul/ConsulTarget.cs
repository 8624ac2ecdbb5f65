using Dupstream.Delivery;
using Dupstream.Snapshots;
using Microsoft.Extensions.Logging;

namespace Dupstream.Targets.Consul;

/// <summary>
/// Keeps the Consul catalog in step with the swarm. It is a target like any URL: its own worker hands it the newest
/// snapshot and retries failures with backoff, so a slow or failing Consul delays no HTTP target. Each delivery is a
/// full reconcile against what the catalog holds (found by dupstream's marker), so a retry, a restart or a second
/// delivery of the same snapshot writes only what differs.
/// </summary>
internal sealed class ConsulTarget(ConsulCatalogClient catalog, ILogger<ConsulTarget> logger) : ITarget
{
    // Notices repeat at every reconcile while their cause lasts; the operator needs each once.
    private const int MaximumRemembered = 10_000;
    private readonly HashSet<string> noticed = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public string Display { get; } = catalog?.Settings.Display ?? throw new ArgumentNullException(nameof(catalog));

    /// <summary>
    /// An operator or a Consul restore can remove or change our entries at any time; each sync reads the catalog and
    /// writes only differences, so re-checking every period repairs drift for the price of a few reads.
    /// </summary>
    public bool ResyncEveryPeriod => true;

    public async Task<DeliveryResult> SendAsync(CanonicalSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var desired = DesiredCatalogBuilder.Build(snapshot.Snapshot);
        Notice(desired.Notices);
        try
        {
            var observed = await catalog.ObserveAsync(desired.Nodes.Select(node => node.Name), cancellationToken).ConfigureAwait(false);
            var plan = CatalogPlanner.Plan(desired, observed);
            Notice(plan.Notices);
            foreach (var write in plan.Writes)
            {
                await catalog.ApplyAsync(write, cancellationToken).ConfigureAwait(false);
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.CatalogWritten(write.Describe());
                }
            }

            var removals = plan.Writes.Count(write => write.Removes);
            logger.Reconciled(snapshot.Fingerprint, plan.Writes.Count - removals, removals, desired.Nodes.Count, desired.Instances.Count);
            return DeliveryResult.Answered(200);
        }
        catch (ConsulApiException exception)
        {
            return new DeliveryResult(false, exception.StatusCode, exception.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failed($"Consul gave no answer within {catalog.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return DeliveryResult.Failed(exception.Message);
        }
    }

    private void Notice(IReadOnlyList<CatalogNotice> notices)
    {
        foreach (var notice in notices)
        {
            bool first;
            lock (gate)
            {
                if (noticed.Count >= MaximumRemembered)
                {
                    noticed.Clear();
                }

                first = noticed.Add(notice.Key);
            }

            if (first)
            {
                logger.CatalogNotice(notice.Message);
            }
        }
    }
}

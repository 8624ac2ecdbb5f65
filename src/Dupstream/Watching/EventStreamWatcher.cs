using Dupstream.Docker;
using Dupstream.Logging;
using Dupstream.Retrying;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dupstream.Watching;

/// <summary>
/// Follows the engine's service and node events and wakes the refresh loop on each. When the stream breaks it
/// reconnects with backoff, resumes from the last event's time, and asks for a full re-list so nothing that
/// happened in the gap is lost.
/// </summary>
internal sealed class EventStreamWatcher(
    IDockerEngine engine,
    RefreshSignals signals,
    RefreshSettings settings,
    TimeProvider time,
    ILogger<EventStreamWatcher> logger,
    IWatchObserver observer) : BackgroundService
{
    // The first subscription starts a little before the first listing, so an event between the two is replayed
    // (and costs one extra listing) rather than lost.
    private static readonly TimeSpan StartOverlap = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ReconnectCap = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = time.GetUtcNow() - StartOverlap;
        var failures = 0;
        var connectedBefore = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            var broke = true;
            try
            {
                // The subscription itself reports a dead engine only once it reads; a ping first keeps us from
                // announcing a live stream (and asking for a re-list) while the engine is plainly down.
                await engine.PingAsync(stoppingToken).ConfigureAwait(false);
                var stream = await engine.SubscribeAsync(since, stoppingToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    signals.SetStreamLive(true);
                    logger.EventStreamConnected(since);
                    observer.EventStreamConnected(reconnect: connectedBefore || failures > 0);
                    if (connectedBefore || failures > 0)
                    {
                        signals.NotifyResync();
                    }

                    connectedBefore = true;
                    failures = 0;
                    while (await stream.ReadAsync(stoppingToken).ConfigureAwait(false) is { } engineEvent)
                    {
                        if (engineEvent.TimeNano > 0)
                        {
                            since = EventSince.FromTimeNano(engineEvent.TimeNano);
                        }

                        // Handed on before it is logged: a logged event is one the loop will see (tests rely on it).
                        signals.NotifyEvent(engineEvent);
                        logger.EngineEventReceived(engineEvent.Type, engineEvent.Action, engineEvent.ActorId);
                    }

                    reason = "the engine closed it";
                    broke = false;
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                reason = EngineFailure.Describe(exception);
            }
            finally
            {
                signals.SetStreamLive(false);
            }

            observer.EventStreamLost(error: broke);

            failures++;
            var retry = RetryBackoff.Delay(failures, settings.RetryInitial, ReconnectCap, Random.Shared.NextDouble());
            logger.EventStreamLost(reason, (long)retry.TotalMilliseconds);
            try
            {
                await Task.Delay(retry, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

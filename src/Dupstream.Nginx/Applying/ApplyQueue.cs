using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Logging;
using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Applying;

/// <summary>
/// Runs applies one at a time. While one runs, at most one snapshot waits; a newer one replaces it,
/// because applying an outdated snapshot first would only reload nginx for nothing and briefly route to
/// stale servers. The sender of a replaced snapshot waits for the newer one's apply and hears how it went.
/// </summary>
internal sealed class ApplyQueue(ConfigApplier applier, ApplyStatus status, ILogger<ApplyQueue> logger, IApplyObserver observer, TimeProvider? time = null)
{
    private readonly Lock gate = new();
    private Waiting? waiting;
    private bool running;

    public Task<ApplyOutcome> SubmitAsync(RenderedConfig rendered)
    {
        var mine = new Waiting(rendered, new TaskCompletionSource<ApplyOutcome>(TaskCreationOptions.RunContinuationsAsynchronously), []);
        Waiting? superseded;
        var start = false;
        lock (gate)
        {
            superseded = waiting;
            if (superseded is not null)
            {
                mine.Replaced.AddRange(superseded.Replaced);
                mine.Replaced.Add(superseded.Completion);
            }

            waiting = mine;
            if (!running)
            {
                running = true;
                start = true;
            }
        }

        if (superseded is not null)
        {
            ReceiverLog.Superseded(logger);
            observer.ApplyFinished(ApplyOutcome.Superseded, null, Clock.GetUtcNow());
        }

        if (start)
        {
            _ = Task.Run(DrainAsync);
        }

        return mine.Completion.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            Waiting next;
            lock (gate)
            {
                if (waiting is null)
                {
                    running = false;
                    return;
                }

                next = waiting;
                waiting = null;
            }

            try
            {
                // Not cancelled by the request: a half-done apply is worse than a late answer.
                var started = Clock.GetTimestamp();
                var outcome = await applier.ApplyAsync(next.Rendered, CancellationToken.None).ConfigureAwait(false);
                status.Record(outcome);
                observer.ApplyFinished(outcome, Clock.GetElapsedTime(started), Clock.GetUtcNow());
                next.Completion.TrySetResult(outcome);
                foreach (var replaced in next.Replaced)
                {
                    replaced.TrySetResult(ApplyOutcome.SupersededBy(outcome));
                }
            }
            catch (Exception ex)
            {
                foreach (var completion in next.Replaced.Append(next.Completion))
                {
                    completion.TrySetException(ex);
                }
            }
        }
    }

    private TimeProvider Clock => time ?? TimeProvider.System;

    /// <param name="Replaced">The senders of the snapshots this one replaced, answered when it is applied.</param>
    private sealed record Waiting(RenderedConfig Rendered, TaskCompletionSource<ApplyOutcome> Completion, List<TaskCompletionSource<ApplyOutcome>> Replaced);
}

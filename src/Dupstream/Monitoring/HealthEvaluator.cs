using System.Globalization;

namespace Dupstream.Monitoring;

/// <summary>
/// Pure: decides /healthz. The watcher is healthy while its last successful engine listing is at most
/// <see cref="ThresholdFor"/> old. An idle watcher lists at least once per period and retries a failing engine at
/// least once per period, so three periods without a success means the engine has been failing for two periods at
/// least; the 10 s floor keeps a short period from flapping on one slow answer. Target failures never make the
/// watcher unhealthy: restarting the watcher would not fix a dead load balancer (they are in the body and metrics).
/// </summary>
internal static class HealthEvaluator
{
    public static readonly TimeSpan MinimumThreshold = TimeSpan.FromSeconds(10);

    public static TimeSpan ThresholdFor(TimeSpan period)
    {
        var three = period * 3;
        return three > MinimumThreshold ? three : MinimumThreshold;
    }

    public static HealthReport Evaluate(HealthInputs inputs, IReadOnlyList<TargetHealth> targets, DateTimeOffset now, TimeSpan threshold)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        string status;
        string? reason;
        if (inputs.LastListing is not { } last)
        {
            status = "starting";
            reason = inputs.LastError is { } startError
                ? $"engine not answering since {Time(inputs.FailingSince ?? inputs.StartedAt)}: {startError}"
                : "no engine listing has completed yet";
        }
        else if (now - last <= threshold)
        {
            status = "ok";
            reason = null;
        }
        else
        {
            status = "failing";
            reason = inputs.LastError is { } error
                ? $"engine not answering since {Time(inputs.FailingSince ?? last)}: {error}"
                : $"no engine listing has completed since {Time(last)}";
        }

        return new HealthReport(
            status == "ok",
            status,
            reason,
            now,
            threshold.TotalSeconds,
            inputs.LastListing,
            inputs.LastError,
            inputs.EventStreamConnected ? "connected" : "disconnected",
            targets);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}

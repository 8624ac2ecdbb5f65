using System.Globalization;
using Dupstream.Bench.Latency.Measure;

namespace Dupstream.Bench.Latency.Report;

/// <summary>The four goals of issue 4 at the default period, judged against a run. Pure.</summary>
internal static class Goals
{
    public const double AppearMedianMs = 300;
    public const double RemoveMedianMs = 200;
    public const double UnresponsivePenaltyMs = 50;
    public const double IdleRequestsPerPeriod = 1;

    public static IReadOnlyList<GoalVerdict> Judge(BenchResult result)
    {
        var appear = Stats(result.Healthy, r => r.AppearMs);
        var remove = Stats(result.Healthy, r => r.RemoveMs);
        var appear2 = Stats(result.WithUnresponsive, r => r.AppearMs);
        var remove2 = Stats(result.WithUnresponsive, r => r.RemoveMs);
        return
        [
            AtMost($"appear median <= {AppearMedianMs} ms", appear, AppearMedianMs),
            AtMost($"remove median <= {RemoveMedianMs} ms", remove, RemoveMedianMs),
            Penalty("unresponsive target first adds < 50 ms to the appear median", appear, appear2),
            Penalty("unresponsive target first adds < 50 ms to the remove median", remove, remove2),
            Idle(result.Idle),
        ];
    }

    private static (LatencyStats? Stats, int TimedOut) Stats(PhaseResult phase, Func<RoundResult, double?> pick) =>
        (LatencyStats.From(phase.Rounds.Select(pick).OfType<double>()), phase.Rounds.Count(r => pick(r) is null));

    private static GoalVerdict AtMost(string goal, (LatencyStats? Stats, int TimedOut) measured, double limit) =>
        measured switch
        {
            (null, _) => new GoalVerdict(goal, "no round completed", false),
            (var s, > 0) => new GoalVerdict(goal, Invariant($"median {s.Median:F0} ms, but {measured.TimedOut} rounds timed out"), false),
            (var s, _) => new GoalVerdict(goal, Invariant($"median {s.Median:F0} ms"), s.Median <= limit),
        };

    private static GoalVerdict Penalty(string goal, (LatencyStats? Stats, int TimedOut) alone, (LatencyStats? Stats, int TimedOut) behind)
    {
        if (alone.Stats is null || behind.Stats is null)
        {
            return new GoalVerdict(goal, "a phase has no completed round", false);
        }
        var added = behind.Stats.Median - alone.Stats.Median;
        var text = Invariant($"{behind.Stats.Median:F0} ms vs {alone.Stats.Median:F0} ms: {added:+0;-0;0} ms");
        return behind.TimedOut > 0
            ? new GoalVerdict(goal, text + Invariant($", and {behind.TimedOut} rounds timed out"), false)
            : new GoalVerdict(goal, text, added < UnresponsivePenaltyMs);
    }

    private static GoalVerdict Idle(IdleResult? idle) =>
        idle is null
            ? new GoalVerdict("idle engine requests <= 1 per period", "not measured (--idle 0)", null)
            : new GoalVerdict(
                "idle engine requests <= 1 per period",
                Invariant($"{idle.PerPeriod:F2} per period ({idle.PerMinute:F1} per minute)"),
                // Two decimals: timer jitter makes a request "every 3 s" come every 2.999 s now and then.
                Math.Round(idle.PerPeriod, 2) <= IdleRequestsPerPeriod);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

namespace Dupstream.Bench.Latency.Report;

/// <summary>One goal of issue 4, what was measured for it, and whether it is met (null: not measured).</summary>
internal sealed record GoalVerdict(string Goal, string Measured, bool? Met);

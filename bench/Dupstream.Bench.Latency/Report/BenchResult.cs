using Dupstream.Bench.Latency.Measure;

namespace Dupstream.Bench.Latency.Report;

/// <summary>Everything one run measured, ready to be judged and rendered.</summary>
/// <param name="Healthy">Rounds with only the recording target.</param>
/// <param name="WithUnresponsive">Rounds with the hanging target listed first.</param>
/// <param name="Idle">The quiet window, absent when skipped.</param>
internal sealed record BenchResult(
    DateTimeOffset Started, TimeSpan Duration, int RoundsPerPhase, TimeSpan Period, TimeSpan Gap,
    PhaseResult Healthy, PhaseResult WithUnresponsive, IdleResult? Idle);

using System.Text;
using Dupstream.Bench.Latency.Measure;

namespace Dupstream.Bench.Latency.Report;

/// <summary>Renders a run as a markdown fragment: printed on the console and saved for docs/benchmarks.md. Pure.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchResult result, IReadOnlyList<GoalVerdict> verdicts)
    {
        var md = new StringBuilder();
        Line(md, $"### Run of {result.Started:yyyy-MM-dd HH:mm} UTC");
        Line(md);
        Line(md, $"{result.RoundsPerPhase} rounds per phase, DUPSTREAM_PERIOD {result.Period.TotalSeconds:0} s, "
            + $"{result.Gap.TotalSeconds:0.#} s of quiet between rounds, run took {result.Duration.TotalMinutes:0.0} min.");
        Line(md);
        Line(md, "| Phase | Measure | Rounds | Median ms | p95 ms | Max ms | Min ms | Timed out |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var phase in new[] { result.Healthy, result.WithUnresponsive })
        {
            StatsRow(md, phase, "appear", r => r.AppearMs);
            StatsRow(md, phase, "remove", r => r.RemoveMs);
            StatsRow(md, phase, "appear: watcher's ask -> POST", r => r.AppearAskToPostMs);
            StatsRow(md, phase, "(engine: create -> task running)", r => r.CreateToRunningMs);
        }
        Line(md);
        foreach (var phase in new[] { result.Healthy, result.WithUnresponsive })
        {
            Line(md, $"- {phase.Name}: targets {phase.Targets}; the recording target got {phase.PostsReceived} POSTs"
                + (phase.UnresponsiveConnections is { } c ? $"; the watcher opened {c} connections to the unresponsive target." : "."));
        }
        Line(md);
        RenderIdle(md, result.Idle);
        Line(md, "| Goal (issue 4) | Measured | Met |");
        Line(md, "|---|---|---|");
        foreach (var verdict in verdicts)
        {
            Line(md, $"| {verdict.Goal} | {verdict.Measured} | {verdict.Met switch { true => "yes", false => "**no**", null => "n/a" }} |");
        }
        Line(md);
        Line(md, "<details><summary>Every round (ms; empty = timed out)</summary>");
        Line(md);
        Line(md, "| Phase | Round | Service | Appear | Remove | Appear: watcher's ask -> POST | Create -> running |");
        Line(md, "|---|---:|---|---:|---:|---:|---:|");
        foreach (var phase in new[] { result.Healthy, result.WithUnresponsive })
        {
            foreach (var round in phase.Rounds)
            {
                Line(md, $"| {phase.Name} | {round.Round} | {round.Service} | {round.AppearMs:F1} | {round.RemoveMs:F1} | {round.AppearAskToPostMs:F1} | {round.CreateToRunningMs:F0} |");
            }
        }
        Line(md);
        Line(md, "</details>");
        return md.ToString();
    }

    private static void RenderIdle(StringBuilder md, IdleResult? idle)
    {
        if (idle is null)
        {
            Line(md, "Idle: not measured.");
            Line(md);
            return;
        }
        var spacing = idle.MeanInterval is { } interval ? $", one every {interval.TotalSeconds:0.00} s on average" : "";
        Line(md, $"Idle: {idle.Requests.Count} engine requests in a {idle.Window.TotalSeconds:0} s window with no change{spacing} = "
            + $"**{idle.PerMinute:0.#} per minute, {idle.PerPeriod:0.##} per period** ({idle.Period.TotalSeconds:0} s); "
            + $"{idle.PostsReceived} POSTs reached the recording target meanwhile.");
        Line(md);
        if (idle.Requests.Count > 0)
        {
            Line(md, "| Endpoint | Requests | First query seen |");
            Line(md, "|---|---:|---|");
            foreach (var group in idle.Requests.GroupBy(r => $"{r.Method} {r.Endpoint}").OrderByDescending(g => g.Count()))
            {
                var query = group.First().DecodedQuery;
                Line(md, $"| {group.Key} | {group.Count()} | {(query.Length == 0 ? "" : $"`{query.Replace("|", "\\|", StringComparison.Ordinal)}`")} |");
            }
            Line(md);
        }
    }

    private static void StatsRow(StringBuilder md, PhaseResult phase, string measure, Func<RoundResult, double?> pick)
    {
        var timedOut = phase.Rounds.Count(r => pick(r) is null);
        if (LatencyStats.From(phase.Rounds.Select(pick).OfType<double>()) is { } s)
        {
            Line(md, $"| {phase.Name} | {measure} | {s.Count} | {s.Median:F0} | {s.P95:F0} | {s.Max:F0} | {s.Min:F0} | {timedOut} |");
        }
        else
        {
            Line(md, $"| {phase.Name} | {measure} | 0 | | | | | {timedOut} |");
        }
    }

    // The process runs with invariant globalization, so interpolated numbers already use '.' decimals.
    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    private static void Line(StringBuilder md) => md.Append('\n');
}

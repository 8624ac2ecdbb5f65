using System.Globalization;
using System.Text;
using Dupstream.Bench.Reloads.Cluster;
using Dupstream.Bench.Reloads.Run;

namespace Dupstream.Bench.Reloads.Report;

/// <summary>The results as Markdown: one row per run, then the routing time per kind of change. Pure.</summary>
internal static class SummaryTable
{
    public static string Render(IReadOnlyList<RunResult> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("| mode | upstreams | changes | nginx reloads | in-memory updates | nginx workers min / median / max / last | workers' PSS at the end | failed requests (loops + probe) | stream connections broken | receiver answer -> new set routed, ms median / p95 / max | routed by the first probe batch | first probe batch after the answer had a request served by a removed node | POST /lb ms median |")
            .AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|");
        foreach (var run in runs)
        {
            if (run.NotRun is not null)
            {
                text.AppendLine(Invariant($"| {ModeName(run)} | {run.Upstreams:N0} | not run: {OneLine(run.NotRun)} | | | | | | | | | | |"));
                continue;
            }

            var samples = run.WorkerSamples.Select(s => (double)s).ToList();
            var routed = Routed(run.Changes);
            var withRemovals = run.Changes.Where(c => c.Change.Removed.Count > 0).ToList();
            var memory = run.Counters is { HasMemoryUpdates: true } counters ? Invariant($"{counters.MemoryUpdates:0}") : "(no counter)";
            text.AppendLine(Invariant(
                $"| {ModeName(run)} | {run.Upstreams:N0} | {run.Changes.Count} | {run.Counters?.Reloads:0} | {memory} | {samples.Min():0} / {Percentiles.Median(samples):0} / {samples.Max():0} / {samples[^1]:0} | {run.WorkersPssKb / 1024.0:0} MB | {run.FailedRequests + run.Changes.Sum(c => c.Routing.Failures)} of {run.Requests + run.Changes.Sum(c => c.Routing.Requests)} | {run.StreamsBroken} of {run.StreamConnections} | {Times(routed)}{NotRouted(run.Changes)} | {FirstBatch(run.Changes)} | {withRemovals.Count(c => c.Routing.FirstAnswerStale)} of {withRemovals.Count} | {Percentiles.Median(run.Changes.Select(c => c.Answer.RoundTripMs)):0.0} |"));
        }

        text.AppendLine()
            .AppendLine("| mode | upstreams | change | changes | routed, ms median / p95 / max | routed by the first probe batch | probe requests until routed, median / max | first probe batch, ms median | first batch (3 requests) had one served by a removed node | answers `reloaded` / `memory_updated` |")
            .AppendLine("|---|---:|---|---:|---|---:|---|---:|---:|---|");
        foreach (var run in runs.Where(r => r.NotRun is null))
        {
            foreach (var phase in run.Changes.GroupBy(c => c.Change.Phase))
            {
                var changes = phase.ToList();
                var requests = changes.Select(c => (double)c.Routing.Requests).ToList();
                var withRemovals = changes.Where(c => c.Change.Removed.Count > 0).ToList();
                text.AppendLine(Invariant(
                    $"| {ModeName(run)} | {run.Upstreams:N0} | {phase.Key} | {changes.Count} | {Times(Routed(changes))}{NotRouted(changes)} | {FirstBatch(changes)} | {Percentiles.Median(requests):0} / {requests.Max():0} | {Percentiles.Median(changes.Select(c => c.Routing.FirstRoundTripMs)):0.0} | {withRemovals.Count(c => c.Routing.FirstAnswerStale)} of {withRemovals.Count} | {changes.Count(c => c.Answer.Reloaded)} / {changes.Count(c => c.Answer.MemoryUpdated)} |"));
            }
        }

        text.AppendLine()
            .AppendLine("| mode | upstreams | nginx worker processes at 0, 10, 20 ... 100 % of the changes (sampled every 100 ms) |")
            .AppendLine("|---|---:|---|");
        foreach (var run in runs.Where(r => r.NotRun is null && r.WorkerSamples.Count > 0))
        {
            var samples = run.WorkerSamples;
            var tenths = Enumerable.Range(0, 11).Select(i => samples[i * (samples.Count - 1) / 10]);
            text.AppendLine(Invariant($"| {ModeName(run)} | {run.Upstreams:N0} | {string.Join(" ", tenths)} |"));
        }

        var failures = runs.Where(r => r.FirstFailures.Count > 0).ToList();
        if (failures.Count > 0)
        {
            text.AppendLine();
            foreach (var run in failures)
            {
                text.AppendLine(Invariant($"- failed requests, {ModeName(run)} at {run.Upstreams:N0} upstreams (first {run.FirstFailures.Count}): {string.Join("; ", run.FirstFailures)}"));
            }
        }

        return text.ToString();
    }

    private static string ModeName(RunResult run) => run.Mode == Receiver.ApplyMode.File ? "file (reload)" : "lua";

    private static List<double> Routed(IEnumerable<ChangeRecord> changes) =>
        changes.Where(c => c.Routing.RoutedMs is not null).Select(c => c.Routing.RoutedMs!.Value).ToList();

    private static string Times(List<double> values) =>
        values.Count == 0 ? "-" : Invariant($"{Percentiles.Median(values):0.0} / {Percentiles.NearestRank(values, 95):0.0} / {values.Max():0.0}");

    private static string FirstBatch(IReadOnlyCollection<ChangeRecord> changes) =>
        Invariant($"{changes.Count(c => c.Routing.RoutedMs is not null && c.Routing.Requests == RoutingCriterion.BatchSize)} of {changes.Count}");

    private static string NotRouted(IEnumerable<ChangeRecord> changes)
    {
        var missing = changes.Count(c => c.Routing.RoutedMs is null);
        return missing == 0 ? "" : Invariant($" ({missing} not within the deadline)");
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Replace('|', '/');
        return line.Length <= 300 ? line : line[..300] + " ...";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

namespace Dupstream.Bench.Latency.Measure;

/// <summary>The rounds of one watcher configuration.</summary>
/// <param name="Name">Short name used in tables, e.g. "healthy only".</param>
/// <param name="Targets">The watcher's DUPSTREAM_SERVICE_URL, in order, as described to the reader.</param>
/// <param name="PostsReceived">POSTs the recording target got during the phase.</param>
/// <param name="UnresponsiveConnections">Connections the watcher opened to the hanging target, when there was one.</param>
internal sealed record PhaseResult(
    string Name, string Targets, IReadOnlyList<RoundResult> Rounds, int PostsReceived, int? UnresponsiveConnections);

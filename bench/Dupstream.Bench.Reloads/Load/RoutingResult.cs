namespace Dupstream.Bench.Reloads.Load;

/// <param name="RoutedMs">From the receiver's answer to the answer that proved the new set; null: not within the deadline.</param>
/// <param name="Requests">Probe requests sent for this change.</param>
/// <param name="Failures">Probe requests answered with something else than a node's 200 (or not at all).</param>
/// <param name="FirstAnswerStale">A request of the very first batch after the receiver's answer was served by a node the change removed.</param>
/// <param name="FirstRoundTripMs">How long that first batch took (connect, proxy, answer): the floor under <paramref name="RoutedMs"/>.</param>
internal sealed record RoutingResult(double? RoutedMs, int Requests, int Failures, bool FirstAnswerStale, double FirstRoundTripMs);

namespace Dupstream.Bench.Latency.Measure;

/// <summary>One round's two latencies in milliseconds; null when the watcher did not deliver in time.</summary>
/// <param name="AppearMs">From the engine first reporting the task running to the POST carrying the service with a node.</param>
/// <param name="RemoveMs">From the removal call returning to the first POST without the service.</param>
/// <param name="AppearAskToPostMs">
/// From the watcher's last engine request before the appear POST to that POST: the watcher's own
/// share (engine answer, build, delivery). The rest of the appear latency is the running task waiting
/// for the watcher to ask.
/// </param>
/// <param name="CreateToRunningMs">From the create call returning to the engine reporting the task running.</param>
internal sealed record RoundResult(
    int Round, string Service, double? AppearMs, double? RemoveMs, double? AppearAskToPostMs, double? CreateToRunningMs);

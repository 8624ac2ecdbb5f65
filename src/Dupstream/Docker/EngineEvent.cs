namespace Dupstream.Docker;

/// <summary>One message of the engine's /events stream (only the fields the watcher uses).</summary>
/// <param name="TimeNano">Unix time in nanoseconds; the resume point after a reconnect.</param>
internal sealed record EngineEvent(string Type, string Action, string ActorId, long TimeNano);

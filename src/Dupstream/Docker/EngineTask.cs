namespace Dupstream.Docker;

/// <summary>The part of a swarm task the snapshot needs; states are the engine's lower-case words ("running").</summary>
internal sealed record EngineTask(string Id, string ServiceId, string NodeId, string DesiredState, string State);

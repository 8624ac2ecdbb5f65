namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>One event as the engine streams it: its type (for the type filter), time and the JSON line.</summary>
public sealed record EngineEventRecord(string Type, long TimeNano, byte[] Line);

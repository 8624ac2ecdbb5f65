namespace Dupstream.Docker;

/// <summary>The part of a swarm service the snapshot needs.</summary>
internal sealed record EngineService(string Id, string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<EnginePort> Ports);

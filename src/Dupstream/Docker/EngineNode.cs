namespace Dupstream.Docker;

/// <summary>The part of a swarm node the snapshot needs.</summary>
/// <param name="StatusAddr">Status.Addr: the address the manager sees the node at (can read 0.0.0.0 on managers).</param>
/// <param name="ManagerAddr">ManagerStatus.Addr ("host:2377") for managers, else null.</param>
internal sealed record EngineNode(string Id, string Hostname, string State, string Availability, string StatusAddr, string? ManagerAddr);

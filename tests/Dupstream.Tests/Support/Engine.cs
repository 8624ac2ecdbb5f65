using Dupstream.Docker;

namespace Dupstream.Tests.Support;

/// <summary>Short builders for engine records.</summary>
internal static class Engine
{
    public static EngineNode Node(string id, string hostname, string state = "ready", string availability = "active", string addr = "10.0.0.1", string? managerAddr = null) =>
        new(id, hostname, state, availability, addr, managerAddr);

    public static EngineService Service(string id, string name, params EnginePort[] ports) =>
        new(id, name, new Dictionary<string, string>(), ports);

    public static EngineService Service(string id, string name, IReadOnlyDictionary<string, string> labels, params EnginePort[] ports) =>
        new(id, name, labels, ports);

    public static EnginePort Port(int published, int target, string protocol = "tcp", string mode = "ingress") =>
        new(published, target, protocol, mode);

    public static EngineTask Task(string id, string serviceId, string nodeId, string desired = "running", string state = "running") =>
        new(id, serviceId, nodeId, desired, state);
}

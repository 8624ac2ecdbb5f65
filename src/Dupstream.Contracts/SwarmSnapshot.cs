using System.Text.Json.Serialization;

namespace Dupstream.Contracts;

/// <summary>
/// The payload the watcher posts and the receiver accepts: ready nodes and the services
/// with published ports that run on them. Shape and names follow the original dupstream README.
/// </summary>
public sealed record SwarmSnapshot
{
    [JsonPropertyName("nodes")]
    public required IReadOnlyList<SnapshotNode> Nodes { get; init; }

    [JsonPropertyName("services")]
    public required IReadOnlyList<SnapshotService> Services { get; init; }

    public static SwarmSnapshot Empty { get; } = new() { Nodes = [], Services = [] };
}

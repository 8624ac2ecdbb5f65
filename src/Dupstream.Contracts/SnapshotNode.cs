namespace Dupstream.Contracts;

/// <summary>A swarm node that is ready and active.</summary>
public sealed record SnapshotNode
{
    /// <summary>The swarm node ID, referenced by <see cref="SnapshotService.Nodes"/>.</summary>
    public required string Id { get; init; }

    /// <summary>The node's hostname (Description.Hostname).</summary>
    public required string Name { get; init; }

    /// <summary>The address other hosts reach the node's published ports on.</summary>
    public required string Ip { get; init; }

    // Sent by the original watcher; optional on input so other senders need not invent them.
    public string? State { get; init; }

    public string? Availability { get; init; }
}

namespace Dupstream.Contracts;

/// <summary>A swarm service with at least one published port.</summary>
public sealed record SnapshotService
{
    public required string Name { get; init; }

    public IReadOnlyList<SnapshotPort> Ports { get; init; } = [];

    /// <summary>IDs of the nodes that run a task of this service that is meant to run and does.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels;

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels =
        new SortedDictionary<string, string>(StringComparer.Ordinal);
}

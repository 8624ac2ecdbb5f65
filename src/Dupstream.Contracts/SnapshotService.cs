namespace Dupstream.Contracts;

/// <summary>A swarm service with at least one published port.</summary>
public sealed record SnapshotService
{
    public required string Name { get; init; }

    // The source-generated reader sets every init-only property, absent ones to null, so the
    // defaults live in the getters: a sender may leave these out, as other senders than ours do.
    public IReadOnlyList<SnapshotPort> Ports { get => field ?? []; init; }

    /// <summary>IDs of the nodes that run a task of this service that is meant to run and does.</summary>
    public IReadOnlyList<string> Nodes { get => field ?? []; init; }

    public IReadOnlyDictionary<string, string> Labels { get => field ?? EmptyLabels; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels =
        new SortedDictionary<string, string>(StringComparer.Ordinal);
}

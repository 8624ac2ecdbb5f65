namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>One node of the generated cluster; changed only under the cluster's lock.</summary>
public sealed class SyntheticNode
{
    public required string Id { get; init; }

    public required string Hostname { get; init; }

    public required string Addr { get; init; }

    public required bool IsLeader { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string State { get; set; } = "ready";

    public string Availability { get; set; } = "active";

    public long VersionIndex { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The object's JSON as the engine lists it; null after a change until rendered again.</summary>
    internal byte[]? Json { get; set; }
}

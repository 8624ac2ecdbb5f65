namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>One replicated service of the generated cluster; changed only under the cluster's lock.</summary>
public sealed class SyntheticService
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required ServiceKind Kind { get; init; }

    /// <summary>The first published port (ingress services publish a second one at +20000).</summary>
    public required int PublishedPort { get; init; }

    public required string VirtualIp { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public int Replicas { get; set; }

    public long VersionIndex { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    internal byte[]? Json { get; set; }
}

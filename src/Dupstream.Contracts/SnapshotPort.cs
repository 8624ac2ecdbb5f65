namespace Dupstream.Contracts;

/// <summary>A published port: the container's port and the port published on the nodes.</summary>
public sealed record SnapshotPort
{
    public required int TargetPort { get; init; }

    public required int PublishedPort { get; init; }
}

namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>One task; a stopped task stays listed (with DesiredState shutdown) as the engine keeps task history.</summary>
public sealed class SyntheticTask
{
    public required string Id { get; init; }

    public required SyntheticService Service { get; init; }

    public required int Slot { get; init; }

    public required string NodeId { get; init; }

    public required string ContainerId { get; init; }

    public required int Pid { get; init; }

    public required string AttachmentAddress { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string DesiredState { get; set; } = "running";

    public string State { get; set; } = "running";

    /// <summary>When a "starting" task turns "running" (see <see cref="ClusterState.StartDelay"/>).</summary>
    public DateTimeOffset RunningAt { get; init; }

    public long VersionIndex { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    internal byte[]? Json { get; set; }
}

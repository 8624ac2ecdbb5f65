namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>
/// The /tasks filters the engine supports and watchers use: each key present must match one of its values
/// (desired-state; service by ID or name; node by ID or hostname; id).
/// </summary>
public sealed record TaskFilter(
    IReadOnlySet<string>? DesiredStates = null,
    IReadOnlySet<string>? Services = null,
    IReadOnlySet<string>? Nodes = null,
    IReadOnlySet<string>? Ids = null)
{
    public static TaskFilter None { get; } = new();
}

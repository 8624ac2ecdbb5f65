namespace Dupstream.Targets.Consul;

/// <summary>
/// What the catalog holds that matters to a reconcile: dupstream's nodes (found by the node-meta marker) and the
/// names of swarm nodes that already exist in the catalog without the marker (someone else's; left alone).
/// </summary>
internal sealed record ObservedCatalog(IReadOnlyList<ObservedNode> Managed, IReadOnlySet<string> ForeignNodeNames)
{
    public static ObservedCatalog Empty { get; } = new([], new HashSet<string>(StringComparer.Ordinal));
}

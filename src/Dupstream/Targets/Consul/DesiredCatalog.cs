namespace Dupstream.Targets.Consul;

/// <summary>What the catalog should hold for one snapshot: the swarm nodes and one instance per (service, node).</summary>
internal sealed record DesiredCatalog(IReadOnlyList<CatalogNode> Nodes, IReadOnlyList<CatalogInstance> Instances, IReadOnlyList<CatalogNotice> Notices);

namespace Dupstream.Targets.Consul;

/// <summary>A node carrying dupstream's marker as the catalog holds it, with every service on it (anyone's).</summary>
internal sealed record ObservedNode(CatalogNode Node, IReadOnlyList<CatalogInstance> Services);

namespace Dupstream.Targets.Consul;

/// <summary>Creates or updates a service instance on a node (the node itself is not touched).</summary>
internal sealed record RegisterInstance(CatalogNode Node, CatalogInstance Instance) : CatalogWrite
{
    public override bool Removes => false;

    public override string Describe() => $"register service {Instance.Service} ({Instance.Id}, port {Instance.Port}) on node {Node.Name}";
}

namespace Dupstream.Targets.Consul;

/// <summary>Removes a node with all its services and checks; only planned for a node holding nothing but dupstream's.</summary>
internal sealed record DeregisterNode(string Node) : CatalogWrite
{
    public override bool Removes => true;

    public override string Describe() => $"deregister node {Node}";
}

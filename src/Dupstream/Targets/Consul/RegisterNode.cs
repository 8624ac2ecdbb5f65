namespace Dupstream.Targets.Consul;

/// <summary>Creates a node or updates its address and meta.</summary>
internal sealed record RegisterNode(CatalogNode Node) : CatalogWrite
{
    public override bool Removes => false;

    public override string Describe() => $"register node {Node.Name} ({Node.Address})";
}

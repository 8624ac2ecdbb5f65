namespace Dupstream.Targets.Consul;

/// <summary>A node in the Consul catalog: its name, address and node meta.</summary>
internal sealed record CatalogNode(string Name, string Address, IReadOnlyDictionary<string, string> Meta)
{
    public bool SameAs(CatalogNode other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Name == other.Name && Address == other.Address && MetaEquality.Same(Meta, other.Meta);
    }
}

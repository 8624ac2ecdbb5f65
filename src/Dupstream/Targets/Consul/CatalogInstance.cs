namespace Dupstream.Targets.Consul;

/// <summary>A service instance registered on a catalog node. <paramref name="Address"/> is empty for dupstream's
/// instances: Consul then answers with the node's address.</summary>
internal sealed record CatalogInstance(
    string Node,
    string Id,
    string Service,
    int Port,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Meta,
    string Address = "")
{
    public bool IsManaged => ConsulMarkers.IsManaged(Meta);

    /// <summary>Equal in everything a registration sets, so an equal pair needs no write.</summary>
    public bool SameAs(CatalogInstance other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Node == other.Node
            && Id == other.Id
            && Service == other.Service
            && Port == other.Port
            && Address == other.Address
            && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal)
            && MetaEquality.Same(Meta, other.Meta);
    }
}

namespace Dupstream.Targets.Consul;

/// <summary>Removes one service instance from a node.</summary>
internal sealed record DeregisterInstance(string Node, string ServiceId) : CatalogWrite
{
    public override bool Removes => true;

    public override string Describe() => $"deregister service {ServiceId} from node {Node}";
}

namespace Dupstream.Targets.Consul;

/// <summary>
/// The names by which dupstream recognises its own catalog entries, and the labels it reads. Everything without
/// the marker belongs to someone else and is never changed.
/// </summary>
internal static class ConsulMarkers
{
    /// <summary>Node meta and service meta key present (value "true") on every entry dupstream registers.</summary>
    public const string ManagedKey = "dupstream-managed";

    public const string ManagedValue = "true";

    /// <summary>Service meta key holding the swarm service name as the swarm spells it (the Consul name is sanitised).</summary>
    public const string SwarmServiceKey = "dupstream-swarm-service";

    /// <summary>The node-meta filter of GET /v1/catalog/nodes that finds dupstream's nodes.</summary>
    public const string ManagedNodeFilter = ManagedKey + ":" + ManagedValue;

    /// <summary>Service IDs start with this, so they are recognisable in the UI and never collide with an agent's own.</summary>
    public const string ServiceIdPrefix = "dupstream-";

    /// <summary>Comma-separated Consul tags for a service.</summary>
    public const string TagsLabel = "dupstream.consul.tags";

    /// <summary>The TargetPort whose published port is registered, as the receiver reads it.</summary>
    public const string PortLabel = "dupstream.port";

    /// <summary>A service with this label is left out, as the receiver leaves it out.</summary>
    public const string IgnoreLabel = "dupstream.ignore";

    /// <summary>
    /// Node meta of a swarm node: an external node (no Consul agent runs there) that consul-esm should not probe,
    /// and dupstream's marker.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NodeMeta { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["external-node"] = "true",
        ["external-probe"] = "false",
        [ManagedKey] = ManagedValue,
    };

    public static bool IsManaged(IReadOnlyDictionary<string, string>? meta) =>
        meta is not null && meta.TryGetValue(ManagedKey, out var value) && value == ManagedValue;
}

using System.Text.Json.Serialization;

namespace Dupstream.Targets.Consul;

/// <summary>GET /v1/catalog/node-services/:node: the node (null when there is no such node) and its services.</summary>
internal sealed class ConsulNodeServices
{
    [JsonPropertyName("Node")]
    public ConsulNodeEntry? Node { get; set; }

    [JsonPropertyName("Services")]
    public List<ConsulServiceEntry>? Services { get; set; }
}

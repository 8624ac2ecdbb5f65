using System.Text.Json.Serialization;

namespace Dupstream.Targets.Consul;

/// <summary>A node as GET /v1/catalog/nodes and /v1/catalog/node-services/:node return it (fields we use).</summary>
internal sealed class ConsulNodeEntry
{
    [JsonPropertyName("Node")]
    public string Node { get; set; } = string.Empty;

    [JsonPropertyName("Address")]
    public string Address { get; set; } = string.Empty;

    [JsonPropertyName("Meta")]
    public Dictionary<string, string>? Meta { get; set; }
}

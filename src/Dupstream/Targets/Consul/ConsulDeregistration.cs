using System.Text.Json.Serialization;

namespace Dupstream.Targets.Consul;

/// <summary>The body of PUT /v1/catalog/deregister: the node alone removes the node with everything on it.</summary>
internal sealed class ConsulDeregistration
{
    [JsonPropertyName("Node")]
    public string Node { get; set; } = string.Empty;

    [JsonPropertyName("ServiceID")]
    public string? ServiceId { get; set; }
}

using System.Text.Json.Serialization;

namespace Dupstream.Targets.Consul;

/// <summary>
/// A service instance: the Service object of PUT /v1/catalog/register and an element of Services in
/// GET /v1/catalog/node-services/:node.
/// </summary>
internal sealed class ConsulServiceEntry
{
    [JsonPropertyName("ID")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("Service")]
    public string Service { get; set; } = string.Empty;

    [JsonPropertyName("Tags")]
    public List<string>? Tags { get; set; }

    [JsonPropertyName("Address")]
    public string? Address { get; set; }

    [JsonPropertyName("Meta")]
    public Dictionary<string, string>? Meta { get; set; }

    [JsonPropertyName("Port")]
    public int Port { get; set; }
}

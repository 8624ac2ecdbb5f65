using System.Text.Json.Serialization;

namespace Dupstream.Targets.Consul;

/// <summary>The body of PUT /v1/catalog/register.</summary>
internal sealed class ConsulRegistration
{
    [JsonPropertyName("Node")]
    public string Node { get; set; } = string.Empty;

    /// <summary>Required by Consul even when <see cref="SkipNodeUpdate"/> is set.</summary>
    [JsonPropertyName("Address")]
    public string Address { get; set; } = string.Empty;

    [JsonPropertyName("NodeMeta")]
    public Dictionary<string, string>? NodeMeta { get; set; }

    [JsonPropertyName("Service")]
    public ConsulServiceEntry? Service { get; set; }

    /// <summary>Set with a service, so registering an instance never rewrites the node.</summary>
    [JsonPropertyName("SkipNodeUpdate")]
    public bool SkipNodeUpdate { get; set; }
}

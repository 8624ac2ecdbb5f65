using System.Text.Json.Serialization;

namespace Dupstream.Targets.Consul;

/// <summary>Source-generated JSON for the catalog API bodies (no reflection, like the snapshot payload).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConsulRegistration))]
[JsonSerializable(typeof(ConsulDeregistration))]
[JsonSerializable(typeof(List<ConsulNodeEntry>))]
[JsonSerializable(typeof(ConsulNodeServices))]
internal sealed partial class ConsulJsonContext : JsonSerializerContext;

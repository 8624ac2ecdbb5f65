using System.Text.Json.Serialization;

namespace Dupstream.Monitoring;

/// <summary>Source-generated JSON for the /healthz body (snake_case, like the receiver's answers).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class MonitoringJsonContext : JsonSerializerContext;

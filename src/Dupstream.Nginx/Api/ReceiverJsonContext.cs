using System.Text.Json.Serialization;

namespace Dupstream.Nginx.Api;

/// <summary>Source-generated JSON for the receiver's answers (snake_case like the config keys).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(ApplyResponse))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class ReceiverJsonContext : JsonSerializerContext;

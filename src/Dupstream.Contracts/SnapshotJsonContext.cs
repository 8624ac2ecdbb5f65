using System.Text.Json.Serialization;

namespace Dupstream.Contracts;

/// <summary>
/// Source-generated System.Text.Json metadata for the payload, so both programs serialise it
/// identically and without reflection (Native AOT friendly).
/// </summary>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    MaxDepth = 16)]
[JsonSerializable(typeof(SwarmSnapshot))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;

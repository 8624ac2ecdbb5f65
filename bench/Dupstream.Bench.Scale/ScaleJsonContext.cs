using System.Text.Json.Serialization;

namespace Dupstream.Bench.Scale;

[JsonSerializable(typeof(RefreshTimings))]
internal sealed partial class ScaleJsonContext : JsonSerializerContext;

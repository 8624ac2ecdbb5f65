using System.Text.Json;

namespace Dupstream.Contracts;

/// <summary>The one way both programs turn a snapshot into bytes and back.</summary>
public static class SnapshotJson
{
    private static readonly SnapshotJsonContext Indented = new(new JsonSerializerOptions(SnapshotJsonContext.Default.Options)
    {
        WriteIndented = true,
    });

    /// <summary>Compact UTF-8 JSON: what goes on the wire. Equal snapshots give equal bytes.</summary>
    public static byte[] Serialize(SwarmSnapshot snapshot) =>
        JsonSerializer.SerializeToUtf8Bytes(snapshot, SnapshotJsonContext.Default.SwarmSnapshot);

    /// <summary>Indented JSON for people (<c>--once</c>, <c>--debug</c>).</summary>
    public static string SerializeIndented(SwarmSnapshot snapshot) =>
        JsonSerializer.Serialize(snapshot, Indented.SwarmSnapshot);

    /// <summary>Parses a payload; throws <see cref="JsonException"/> with the reason when it is not one.</summary>
    public static SwarmSnapshot Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, SnapshotJsonContext.Default.SwarmSnapshot)
        ?? throw new JsonException("The body is JSON null, not a snapshot.");

    public static async ValueTask<SwarmSnapshot> DeserializeAsync(Stream utf8Json, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync(utf8Json, SnapshotJsonContext.Default.SwarmSnapshot, cancellationToken).ConfigureAwait(false)
        ?? throw new JsonException("The body is JSON null, not a snapshot.");
}

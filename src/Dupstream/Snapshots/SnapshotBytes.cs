using System.Buffers;
using System.Text.Json;
using Dupstream.Contracts;

namespace Dupstream.Snapshots;

/// <summary>
/// Writes a snapshot's wire bytes, the same bytes as <see cref="SnapshotJson.Serialize"/>, taking each service entry's
/// bytes from the previous snapshot when that snapshot holds the very same entry instance (SwarmState keeps the entries
/// of services no patch touched). After one service's event at 2,000 services, one entry is serialised instead of the
/// whole megabyte. Tests hold the two ways to the same bytes.
/// </summary>
internal static class SnapshotBytes
{
    private static readonly JsonSerializerOptions Options = SnapshotJsonContext.Default.Options;

    /// <summary>The bytes, and where each service entry sits in them (for the next snapshot to reuse).</summary>
    public static (byte[] Bytes, Dictionary<SnapshotService, Range> Entries) Write(SwarmSnapshot snapshot, ReadOnlyMemory<byte> previousBytes, IReadOnlyDictionary<SnapshotService, Range>? previousEntries)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var output = new ArrayBufferWriter<byte>(previousBytes.Length > 0 ? previousBytes.Length + 4096 : 16384);
        var entries = new Dictionary<SnapshotService, Range>(snapshot.Services.Count, ReferenceEqualityComparer.Instance);
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = Options.Encoder });
        output.Write("{\"nodes\":"u8);
        JsonSerializer.Serialize(writer, snapshot.Nodes, SnapshotJsonContext.Default.IReadOnlyListSnapshotNode);

        output.Write(",\"services\":["u8);
        for (var i = 0; i < snapshot.Services.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            var service = snapshot.Services[i];
            var start = output.WrittenCount;
            if (previousEntries is not null && previousEntries.TryGetValue(service, out var range))
            {
                output.Write(previousBytes.Span[range]);
            }
            else
            {
                // Each entry is a JSON value of its own: the writer starts afresh (no separator, depth 0).
                writer.Reset(output);
                JsonSerializer.Serialize(writer, service, SnapshotJsonContext.Default.SnapshotService);
            }

            entries.TryAdd(service, start..output.WrittenCount);
        }

        output.Write("]}"u8);
        return (output.WrittenSpan.ToArray(), entries);
    }
}

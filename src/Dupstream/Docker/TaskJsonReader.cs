using System.Text.Json;
using static Dupstream.Docker.EngineJsonFields;

namespace Dupstream.Docker;

/// <summary>
/// Reads the five fields the snapshot needs from one /tasks element and skips the rest without materialising it.
/// IDs come from an <see cref="IdPool"/>, so listing the same cluster again allocates only the records.
/// </summary>
internal sealed class TaskJsonReader(IdPool ids)
{
    /// <summary>A reader without a pool shared across listings (tests, one-off reads).</summary>
    public static JsonElementReader<EngineTask> Unpooled => new TaskJsonReader(new IdPool()).TryRead;

    public bool TryRead(ref Utf8JsonReader reader, out EngineTask task)
    {
        task = null!;
        string id = string.Empty, serviceId = string.Empty, nodeId = string.Empty, desired = string.Empty, state = string.Empty;
        while (true)
        {
            if (!TryNextProperty(ref reader, out var atEnd))
            {
                return false;
            }

            if (atEnd)
            {
                break;
            }

            var read = reader.ValueTextEquals("ID"u8) ? TryId(ref reader, ids, out id)
                : reader.ValueTextEquals("ServiceID"u8) ? TryId(ref reader, ids, out serviceId)
                : reader.ValueTextEquals("NodeID"u8) ? TryId(ref reader, ids, out nodeId)
                : reader.ValueTextEquals("DesiredState"u8) ? TryWord(ref reader, out desired)
                : reader.ValueTextEquals("Status"u8) ? TryStatusState(ref reader, ref state)
                : TrySkipValue(ref reader);
            if (!read)
            {
                return false;
            }
        }

        task = new EngineTask(id, serviceId, nodeId, desired, state);
        return true;
    }

    private static bool TryStatusState(ref Utf8JsonReader reader, ref string state)
    {
        string? value = null;
        if (!TryReadOne(ref reader, "State"u8, ref value))
        {
            return false;
        }

        state = value ?? string.Empty;
        return true;
    }
}

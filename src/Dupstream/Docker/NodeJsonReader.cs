using System.Text.Json;
using static Dupstream.Docker.EngineJsonFields;

namespace Dupstream.Docker;

/// <summary>Reads ID, Spec.Availability, Description.Hostname, Status.State/Addr and ManagerStatus.Addr of one /nodes element.</summary>
internal static class NodeJsonReader
{
    public static bool TryRead(ref Utf8JsonReader reader, out EngineNode node)
    {
        node = null!;
        var id = string.Empty;
        string? hostname = null, availability = null, managerAddr = null;
        string state = string.Empty, addr = string.Empty;
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

            var read = reader.ValueTextEquals("ID"u8) ? TryString(ref reader, out id)
                : reader.ValueTextEquals("Spec"u8) ? TryReadOne(ref reader, "Availability"u8, ref availability)
                : reader.ValueTextEquals("Description"u8) ? TryReadOne(ref reader, "Hostname"u8, ref hostname)
                : reader.ValueTextEquals("ManagerStatus"u8) ? TryReadOne(ref reader, "Addr"u8, ref managerAddr)
                : reader.ValueTextEquals("Status"u8) ? TryStatus(ref reader, ref state, ref addr)
                : TrySkipValue(ref reader);
            if (!read)
            {
                return false;
            }
        }

        node = new EngineNode(id, hostname ?? string.Empty, state, availability ?? string.Empty, addr, string.IsNullOrEmpty(managerAddr) ? null : managerAddr);
        return true;
    }

    private static bool TryStatus(ref Utf8JsonReader reader, ref string state, ref string addr)
    {
        if (!TryEnterObject(ref reader, out var isObject))
        {
            return false;
        }

        while (isObject)
        {
            if (!TryNextProperty(ref reader, out var atEnd))
            {
                return false;
            }

            if (atEnd)
            {
                break;
            }

            var read = reader.ValueTextEquals("State"u8) ? TryWord(ref reader, out state)
                : reader.ValueTextEquals("Addr"u8) ? TryString(ref reader, out addr)
                : TrySkipValue(ref reader);
            if (!read)
            {
                return false;
            }
        }

        return true;
    }
}

using System.Text.Json;
using static Dupstream.Docker.EngineJsonFields;

namespace Dupstream.Docker;

/// <summary>Reads ID, Spec.Name, Spec.Labels and Endpoint.Ports of one /services element.</summary>
internal static class ServiceJsonReader
{
    public static bool TryRead(ref Utf8JsonReader reader, out EngineService service)
    {
        service = null!;
        var id = string.Empty;
        var name = string.Empty;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var ports = new List<EnginePort>();
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
                : reader.ValueTextEquals("Spec"u8) ? TrySpec(ref reader, ref name, labels)
                : reader.ValueTextEquals("Endpoint"u8) ? TryEndpoint(ref reader, ports)
                : TrySkipValue(ref reader);
            if (!read)
            {
                return false;
            }
        }

        service = new EngineService(id, name, labels, ports);
        return true;
    }

    private static bool TrySpec(ref Utf8JsonReader reader, ref string name, Dictionary<string, string> labels)
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

            var read = reader.ValueTextEquals("Name"u8) ? TryString(ref reader, out name)
                : reader.ValueTextEquals("Labels"u8) ? TryLabels(ref reader, labels)
                : TrySkipValue(ref reader);
            if (!read)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryLabels(ref Utf8JsonReader reader, Dictionary<string, string> labels)
    {
        labels.Clear();
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

            var key = reader.GetString()!;
            if (!TryString(ref reader, out var value))
            {
                return false;
            }

            labels[key] = value;
        }

        return true;
    }

    private static bool TryEndpoint(ref Utf8JsonReader reader, List<EnginePort> ports)
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

            if (!(reader.ValueTextEquals("Ports"u8) ? TryPorts(ref reader, ports) : TrySkipValue(ref reader)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryPorts(ref Utf8JsonReader reader, List<EnginePort> ports)
    {
        ports.Clear();
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Unexpected(ref reader, "a list of ports");
        }

        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Unexpected(ref reader, "a port object");
            }

            if (!TryPort(ref reader, out var port))
            {
                return false;
            }

            ports.Add(port);
        }
    }

    private static bool TryPort(ref Utf8JsonReader reader, out EnginePort port)
    {
        port = null!;
        int published = 0, target = 0;
        string protocol = string.Empty, mode = string.Empty;
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

            var read = reader.ValueTextEquals("PublishedPort"u8) ? EngineJsonFields.TryPort(ref reader, out published)
                : reader.ValueTextEquals("TargetPort"u8) ? EngineJsonFields.TryPort(ref reader, out target)
                : reader.ValueTextEquals("Protocol"u8) ? TryString(ref reader, out protocol)
                : reader.ValueTextEquals("PublishMode"u8) ? TryString(ref reader, out mode)
                : TrySkipValue(ref reader);
            if (!read)
            {
                return false;
            }
        }

        port = new EnginePort(published, target, protocol, mode);
        return true;
    }
}

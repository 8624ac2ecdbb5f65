using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dupstream.SyntheticEngine.Cluster;

namespace Dupstream.SyntheticEngine.Json;

/// <summary>
/// Renders generated objects by cloning a recorded object and replacing only values (IDs, names, addresses,
/// states, ports, times), so every property the real engine sends is there and nothing else is.
/// </summary>
public static class EngineJson
{
    private static RecordedTemplates Templates => RecordedTemplates.Instance;

    public static JsonObject Node(SyntheticNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var json = (node.IsLeader ? Templates.LeaderNode : Templates.WorkerNode).DeepClone().AsObject();
        json["ID"] = node.Id;
        json["Version"]!["Index"] = node.VersionIndex;
        json["CreatedAt"] = Time(node.CreatedAt);
        json["UpdatedAt"] = Time(node.UpdatedAt);
        json["Spec"]!["Availability"] = node.Availability;
        json["Description"]!["Hostname"] = node.Hostname;
        json["Status"]!["State"] = node.State;
        json["Status"]!["Addr"] = node.Addr;
        if (node.IsLeader)
        {
            json["ManagerStatus"]!["Addr"] = node.Addr + ":2377";
        }

        return json;
    }

    public static JsonObject Service(SyntheticService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var json = TemplateOf(service.Kind).service.DeepClone().AsObject();
        json["ID"] = service.Id;
        json["Version"]!["Index"] = service.VersionIndex;
        json["CreatedAt"] = Time(service.CreatedAt);
        json["UpdatedAt"] = Time(service.UpdatedAt);
        var spec = json["Spec"]!;
        spec["Name"] = service.Name;
        spec["Mode"]!["Replicated"]!["Replicas"] = service.Replicas;
        if (spec["Labels"] is JsonObject labels && labels.Count > 0)
        {
            // Same keys as the recording; values vary so services are told apart.
            labels["com.example.team"] = "team-" + (service.PublishedPort % 17).ToString(CultureInfo.InvariantCulture);
        }

        SetPorts(spec["EndpointSpec"]?["Ports"], service.PublishedPort);
        SetPorts(json["Endpoint"]?["Spec"]?["Ports"], service.PublishedPort);
        SetPorts(json["Endpoint"]?["Ports"], service.PublishedPort);
        if (json["Endpoint"]?["VirtualIPs"] is JsonArray vips)
        {
            foreach (var vip in vips.OfType<JsonObject>().Where(vip => vip["Addr"] is not null))
            {
                vip["Addr"] = service.VirtualIp + "/16";
            }
        }

        return json;
    }

    public static JsonObject Task(SyntheticTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var json = TemplateOf(task.Service.Kind).task.DeepClone().AsObject();
        json["ID"] = task.Id;
        json["Version"]!["Index"] = task.VersionIndex;
        json["CreatedAt"] = Time(task.CreatedAt);
        json["UpdatedAt"] = Time(task.UpdatedAt);
        json["ServiceID"] = task.Service.Id;
        if (json.ContainsKey("Slot"))
        {
            json["Slot"] = task.Slot;
        }

        json["NodeID"] = task.NodeId;
        var status = json["Status"]!;
        status["Timestamp"] = Time(task.UpdatedAt);
        status["State"] = task.State;
        status["Message"] = task.State == "running" ? "started" : task.State;
        status["ContainerStatus"]!["ContainerID"] = task.ContainerId;
        status["ContainerStatus"]!["PID"] = task.State == "running" ? task.Pid : 0;
        // A stopped container was killed by the engine, as in the recorded drained-node tasks.
        status["ContainerStatus"]!["ExitCode"] = task.State == "running" ? 0 : 137;
        json["DesiredState"] = task.DesiredState;
        if (json["NetworksAttachments"] is JsonArray attachments)
        {
            foreach (var addresses in attachments.Select(a => a?["Addresses"]).OfType<JsonArray>())
            {
                addresses.Clear();
                addresses.Add(task.AttachmentAddress + "/16");
            }
        }

        return json;
    }

    /// <summary>An /events line, keys in the engine's order (Go sorts the attribute map).</summary>
    public static byte[] Event(string type, string action, string actorId, IReadOnlyDictionary<string, string> attributes, long timeNano)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", type);
            writer.WriteString("Action", action);
            writer.WriteStartObject("Actor");
            writer.WriteString("ID", actorId);
            writer.WriteStartObject("Attributes");
            foreach (var attribute in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WriteString(attribute.Key, attribute.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString("scope", "swarm");
            writer.WriteNumber("time", timeNano / 1_000_000_000);
            writer.WriteNumber("timeNano", timeNano);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Compact UTF-8, as the engine sends.</summary>
    public static byte[] Bytes(JsonNode json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }

    private static (JsonObject service, JsonObject task) TemplateOf(ServiceKind kind) => kind switch
    {
        ServiceKind.HostPort => (Templates.HostPortService, Templates.HostPortTask),
        ServiceKind.Ingress => (Templates.IngressService, Templates.IngressTask),
        _ => (Templates.NoPortsService, Templates.NoPortsTask),
    };

    private static void SetPorts(JsonNode? ports, int publishedPort)
    {
        if (ports is not JsonArray array)
        {
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            array[i]!["PublishedPort"] = publishedPort + (i * 20_000);
        }
    }

    /// <summary>RFC 3339 with nanoseconds, trailing zeros cut, as Go prints times.</summary>
    private static string Time(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var nanos = (utc.Ticks % TimeSpan.TicksPerSecond) * 100;
        var fraction = nanos == 0 ? string.Empty : "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + fraction + "Z";
    }
}

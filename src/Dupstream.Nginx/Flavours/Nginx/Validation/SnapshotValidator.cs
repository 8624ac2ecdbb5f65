using System.Globalization;
using Dupstream.Common.Text;
using Dupstream.Contracts;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Directives;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

namespace Dupstream.Nginx.Flavours.Nginx.Validation;

/// <summary>
/// Pure: decides which services and nodes of a snapshot may be rendered, following the original's
/// rules (sorting, ignore, file routing, first port, upstream.always) and refusing anything that
/// could break or hijack the nginx config. A bad service is left out with a reason; the rest go on.
/// </summary>
internal static class SnapshotValidator
{
    /// <param name="hostNamesInUse">Names the hosts file gives outside the receiver's section (name mode).</param>
    public static ValidatedSnapshot Validate(SwarmSnapshot snapshot, ReceiverConfig config, IReadOnlySet<string>? hostNamesInUse = null)
    {
        var rejectedNodes = new List<Rejection>();
        var nodes = new List<ValidatedNode>();
        var nodesById = new Dictionary<string, ValidatedNode>(StringComparer.Ordinal);
        foreach (var (node, index) in snapshot.Nodes.Select((n, i) => (n, i)))
        {
            // The JSON reader lets null through inside arrays; such an element is left out, never a 500.
            if (node is null)
            {
                rejectedNodes.Add(new Rejection($"nodes[{index}]", "is null, not a node object."));
                continue;
            }

            if ((CheckNode(node, config, nodesById) ?? CheckNodeSafety(node, config, hostNamesInUse)) is { } reason)
            {
                rejectedNodes.Add(new Rejection(LogText.Printable(node.Id), reason));
                continue;
            }

            var valid = new ValidatedNode(node.Id, node.Name, node.Ip);
            nodesById.Add(node.Id, valid);
            nodes.Add(valid);
        }

        var services = new List<ValidatedService>();
        var rejectedServices = new List<Rejection>();
        foreach (var index in Enumerable.Range(0, snapshot.Services.Count).Where(i => snapshot.Services[i] is null))
        {
            rejectedServices.Add(new Rejection($"services[{index}]", "is null, not a service object."));
        }

        IEnumerable<SnapshotService> ordered = snapshot.Services.Where(s => s is not null);
        if (config.Output.Sorted)
        {
            // Ordinal, like the original's JavaScript '<' on strings; OrderBy is stable like Array.sort.
            ordered = ordered.OrderBy(s => s.Name, StringComparer.Ordinal);
        }

        // nginx compares upstream names without case: "Web" after "web" is a duplicate upstream to it.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in ordered)
        {
            if (NullInside(service) is { } nullReason)
            {
                rejectedServices.Add(new Rejection(LogText.Printable(service.Name), nullReason));
                continue;
            }

            if (service.Labels.ContainsKey(LabelNames.Ignore) || service.Ports.Count == 0)
            {
                continue;
            }

            var result = CheckService(service, config, nodesById, names);
            if (result.Reason is { } reason)
            {
                rejectedServices.Add(new Rejection(LogText.Printable(service.Name), reason));
            }
            else if (result.Service is { } valid)
            {
                names.Add(valid.Name);
                services.Add(valid);
            }
        }

        return new ValidatedSnapshot(services, nodes, rejectedServices, rejectedNodes);
    }

    private static string? CheckNode(SnapshotNode node, ReceiverConfig config, Dictionary<string, ValidatedNode> seen)
    {
        if (node.Id.Length == 0)
        {
            return "node Id is empty.";
        }

        if (seen.ContainsKey(node.Id))
        {
            return "duplicate node Id; the first one is used.";
        }

        if (!NameRules.TryParseIp(node.Ip, out _))
        {
            return $"Ip '{LogText.Printable(node.Ip)}' is not a usable IPv4 or IPv6 address.";
        }

        // The name only reaches a file in name mode (server lines and the hosts section).
        if (config.Output.ServerAddress == ServerAddressMode.Name && !NameRules.IsHostName(node.Name))
        {
            return $"Name '{LogText.Printable(node.Name)}' is not a valid host name.";
        }

        return null;
    }

    /// <summary>
    /// A compromised worker chooses its own hostname: it must not take over a name the hosts file already
    /// gives (localhost, another entry) nor point the load balancer at loopback or link-local addresses.
    /// </summary>
    private static string? CheckNodeSafety(SnapshotNode node, ReceiverConfig config, IReadOnlySet<string>? hostNamesInUse)
    {
        if (config.Hosts.AllowUnsafeNodes)
        {
            return null;
        }

        if (NameRules.TryParseIp(node.Ip, out var address) && NameRules.IsLoopbackOrLinkLocal(address))
        {
            return $"unsafe address: Ip '{LogText.Printable(node.Ip)}' is loopback or link-local, not a swarm node (allow_unsafe_nodes allows it).";
        }

        if (config.Output.ServerAddress == ServerAddressMode.Name
            && (node.Name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || hostNamesInUse?.Contains(node.Name) == true))
        {
            return $"unsafe name: Name '{LogText.Printable(node.Name)}' already resolves through the hosts file outside the dupstream section; it would be taken over (allow_unsafe_nodes allows it).";
        }

        return null;
    }

    private static (ValidatedService? Service, string? Reason) CheckService(
        SnapshotService service,
        ReceiverConfig config,
        Dictionary<string, ValidatedNode> nodesById,
        HashSet<string> names)
    {
        if (!NameRules.IsUpstreamName(service.Name))
        {
            return (null, "Name is not a valid nginx upstream name (letters, digits, '_', '.', '-'; starting with a letter or digit).");
        }

        if (names.Contains(service.Name))
        {
            names.TryGetValue(service.Name, out var first);
            return (null, $"duplicate service Name (nginx compares upstream names without case; '{LogText.Printable(first ?? service.Name)}' came first); nginx would refuse a second upstream of the same name.");
        }

        var fileKey = Label(service, LabelNames.File) ?? "default";
        if (!config.Output.IsFileKey(fileKey))
        {
            return (null, $"label {LabelNames.File} '{LogText.Printable(fileKey)}' is not a key of upstream_file ({string.Join(", ", config.Output.UpstreamFiles.Select(f => f.Key))}).");
        }

        var port = service.Ports[0];
        if (Label(service, LabelNames.Port) is { } wanted)
        {
            if (!int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var target))
            {
                return (null, $"label {LabelNames.Port} '{LogText.Printable(wanted)}' is not a port number.");
            }

            port = service.Ports.FirstOrDefault(p => p.TargetPort == target);
            if (port is null)
            {
                return (null, $"label {LabelNames.Port} names TargetPort {target}, which the service does not publish.");
            }
        }

        if (port.PublishedPort is < 1 or > 65535)
        {
            return (null, $"PublishedPort {port.PublishedPort} is not a port number.");
        }

        var prefix = Label(service, LabelNames.Prefix) ?? config.Output.UpstreamDefaultPrefix;
        if (prefix.Length > 0 && DirectiveListParser.Check(prefix, config.Output.AllowedUpstreamDirectives) is { } prefixError)
        {
            return (null, $"label {LabelNames.Prefix} {prefixError}");
        }

        var suffix = Label(service, LabelNames.Suffix) ?? config.Output.UpstreamDefaultSuffix;
        if (suffix.Length > 0 && DirectiveListParser.Check(suffix, config.Output.AllowedUpstreamDirectives) is { } suffixError)
        {
            return (null, $"label {LabelNames.Suffix} {suffixError}");
        }

        IReadOnlyList<string> directives = [.. DirectiveListParser.Directives(prefix), .. DirectiveListParser.Directives(suffix)];
        if (DirectiveConflicts.Check(directives) is { } conflict)
        {
            return (null, $"labels {LabelNames.Prefix} and {LabelNames.Suffix}: {conflict}");
        }

        if (config.Apply.Mode == ApplyMode.Lua && BalanceCall.Refusal(directives) is { } luaRefusal)
        {
            return (null, $"labels {LabelNames.Prefix} and {LabelNames.Suffix}: {luaRefusal}");
        }

        var hosts = service.Nodes
            .Distinct(StringComparer.Ordinal)
            .Select(id => nodesById.GetValueOrDefault(id))
            .OfType<ValidatedNode>()
            .Select(node => config.Output.ServerAddress == ServerAddressMode.Ip ? IpHost(node.Ip) : node.Name)
            .ToList();

        if (hosts.Count == 0)
        {
            // No (known) node runs it. The original wrote an empty block when the IDs were unknown,
            // which nginx refuses; we treat that the same as no nodes at all.
            if (!config.Output.UpstreamAlways)
            {
                return (null, null);
            }

            hosts.Add(config.Output.UpstreamDefault);
        }

        return (new ValidatedService(service.Name, fileKey, prefix, suffix, port.PublishedPort, hosts), null);
    }

    /// <summary>Nulls the JSON reader lets through inside a service's arrays and label map, as a reason.</summary>
    private static string? NullInside(SnapshotService service)
    {
        if (service.Ports.Any(p => p is null))
        {
            return "Ports contains null, not a port object.";
        }

        if (service.Nodes.Any(n => n is null))
        {
            return "Nodes contains null, not a node Id.";
        }

        return service.Labels.FirstOrDefault(l => l.Value is null) is { Key: { } key }
            ? $"label '{LogText.Printable(key)}' is null, not a string."
            : null;
    }

    /// <summary>A label's value, or null when absent or empty (the original fell back on empty values too).</summary>
    private static string? Label(SnapshotService service, string name) =>
        service.Labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static string IpHost(string ip) => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
}

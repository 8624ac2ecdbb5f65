using System.Globalization;
using System.Net;
using Dupstream.Contracts;

namespace Dupstream.Targets.Consul;

/// <summary>
/// Pure: a snapshot in, the catalog it should give out. Each swarm node becomes an external node named after its
/// hostname; each (service, node) pair with a running task becomes an instance of the sanitised service name on that
/// node, on the published port of the first port (or of the TargetPort named by label dupstream.port), with the
/// labels as meta and label dupstream.consul.tags as tags. What cannot be registered is left out with a notice.
/// </summary>
internal static class DesiredCatalogBuilder
{
    public static DesiredCatalog Build(SwarmSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var notices = new List<CatalogNotice>();
        var nodes = new List<CatalogNode>();
        var nodesById = new Dictionary<string, CatalogNode>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in snapshot.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal))
        {
            var problem = string.IsNullOrWhiteSpace(node.Name) ? "it has no hostname"
                : !IsUsableAddress(node.Ip) ? $"its address '{node.Ip}' is not a usable IP address"
                : names.Contains(node.Name) ? $"another swarm node already has hostname '{node.Name}'"
                : nodesById.ContainsKey(node.Id) ? "its ID is listed twice"
                : null;
            if (problem is not null)
            {
                notices.Add(new CatalogNotice($"node:{node.Id}:{problem}", $"Swarm node {node.Id} ({node.Name}) is not registered in Consul: {problem}."));
                continue;
            }

            var entry = new CatalogNode(node.Name, node.Ip, ConsulMarkers.NodeMeta);
            names.Add(node.Name);
            nodesById.Add(node.Id, entry);
            nodes.Add(entry);
        }

        var instances = new List<CatalogInstance>();
        var serviceNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in snapshot.Services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (service.Labels.ContainsKey(ConsulMarkers.IgnoreLabel) || service.Ports.Count == 0)
            {
                continue;
            }

            var consulName = ConsulNames.ServiceName(service.Name);
            if (consulName is null)
            {
                notices.Add(new CatalogNotice($"service-name:{service.Name}", $"Service '{service.Name}' is not registered in Consul: nothing is left of its name after sanitising (lowercase letters, digits, '-')."));
                continue;
            }

            if (serviceNames.TryGetValue(consulName, out var taken))
            {
                notices.Add(new CatalogNotice($"service-clash:{service.Name}", $"Service '{service.Name}' is not registered in Consul: its Consul name '{consulName}' is already used by service '{taken}'."));
                continue;
            }

            var (port, portProblem) = ChoosePort(service);
            if (portProblem is not null)
            {
                notices.Add(new CatalogNotice($"service-port:{service.Name}:{portProblem}", $"Service '{service.Name}' is not registered in Consul: {portProblem}"));
                continue;
            }

            serviceNames.Add(consulName, service.Name);
            var fixedMeta = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ConsulMarkers.ManagedKey] = ConsulMarkers.ManagedValue,
                [ConsulMarkers.SwarmServiceKey] = service.Name,
            };
            var (meta, dropped) = ConsulMetadata.FromLabels(service.Labels, fixedMeta);
            foreach (var (label, reason) in dropped)
            {
                notices.Add(new CatalogNotice($"meta:{service.Name}:{label}:{reason}", $"Label '{label}' of service '{service.Name}' is not in its Consul meta: {reason}."));
            }

            var tags = Tags(service);
            var id = ConsulNames.ServiceId(consulName, port);
            foreach (var nodeId in service.Nodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (nodesById.TryGetValue(nodeId, out var node))
                {
                    instances.Add(new CatalogInstance(node.Name, id, consulName, port, tags, meta));
                }
            }
        }

        return new DesiredCatalog(nodes, instances, notices);
    }

    private static (int Port, string? Problem) ChoosePort(SnapshotService service)
    {
        var port = service.Ports[0];
        if (service.Labels.TryGetValue(ConsulMarkers.PortLabel, out var wanted) && wanted.Length > 0)
        {
            if (!int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var target))
            {
                return (0, $"label {ConsulMarkers.PortLabel} '{wanted}' is not a port number.");
            }

            port = service.Ports.FirstOrDefault(p => p.TargetPort == target);
            if (port is null)
            {
                return (0, $"label {ConsulMarkers.PortLabel} names TargetPort {target}, which the service does not publish.");
            }
        }

        return port.PublishedPort is < 1 or > 65535
            ? (0, $"PublishedPort {port.PublishedPort} is not a port number.")
            : (port.PublishedPort, null);
    }

    private static List<string> Tags(SnapshotService service) =>
        service.Labels.TryGetValue(ConsulMarkers.TagsLabel, out var raw)
            ? raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList()
            : [];

    private static bool IsUsableAddress(string? ip) =>
        IPAddress.TryParse(ip, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any);
}

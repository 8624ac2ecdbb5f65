namespace Dupstream.Targets.Consul;

/// <summary>
/// Pure: the writes that turn the observed catalog into the desired one, and nothing more, so a reconcile against a
/// catalog already in step writes nothing. Only entries carrying dupstream's marker are ever changed or removed;
/// a swarm node whose name a foreign node already uses is left out rather than taken over. Registrations come before
/// removals, so an instance that moves is never absent from both nodes.
/// </summary>
internal static class CatalogPlanner
{
    public static CatalogPlan Plan(DesiredCatalog desired, ObservedCatalog observed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        var notices = new List<CatalogNotice>();
        var registerNodes = new List<CatalogWrite>();
        var registerInstances = new List<CatalogWrite>();
        var deregisterInstances = new List<CatalogWrite>();
        var deregisterNodes = new List<CatalogWrite>();
        var managed = observed.Managed
            .GroupBy(node => node.Node.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var instancesByNode = desired.Instances.ToLookup(instance => instance.Node, StringComparer.Ordinal);
        var desiredNames = new HashSet<string>(StringComparer.Ordinal);

        foreach (var node in desired.Nodes)
        {
            desiredNames.Add(node.Name);
            if (!managed.TryGetValue(node.Name, out var existing) && observed.ForeignNodeNames.Contains(node.Name))
            {
                notices.Add(new CatalogNotice(
                    $"foreign-node:{node.Name}",
                    $"Consul already has a node '{node.Name}' that dupstream did not register; that swarm node and its instances are left out of Consul."));
                continue;
            }

            if (existing is null || !existing.Node.SameAs(node))
            {
                registerNodes.Add(new RegisterNode(node));
            }

            var current = (existing?.Services ?? []).GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var instance in instancesByNode[node.Name])
            {
                wanted.Add(instance.Id);
                if (current.TryGetValue(instance.Id, out var have))
                {
                    if (!have.IsManaged)
                    {
                        notices.Add(new CatalogNotice(
                            $"foreign-service:{node.Name}:{instance.Id}",
                            $"Node '{node.Name}' holds a service with ID '{instance.Id}' that dupstream did not register; it is left as it is."));
                        continue;
                    }

                    if (have.SameAs(instance))
                    {
                        continue;
                    }
                }

                registerInstances.Add(new RegisterInstance(node, instance));
            }

            deregisterInstances.AddRange(current.Values
                .Where(service => service.IsManaged && !wanted.Contains(service.Id))
                .Select(service => new DeregisterInstance(node.Name, service.Id)));
        }

        foreach (var gone in managed.Values.Where(node => !desiredNames.Contains(node.Node.Name)))
        {
            var ours = gone.Services.Where(service => service.IsManaged).ToList();
            if (ours.Count == gone.Services.Count)
            {
                deregisterNodes.Add(new DeregisterNode(gone.Node.Name));
                continue;
            }

            // Deregistering the node would take the foreign services with it.
            notices.Add(new CatalogNotice(
                $"kept-node:{gone.Node.Name}",
                $"Node '{gone.Node.Name}' left the swarm but holds services dupstream did not register; only dupstream's instances are removed and the node stays."));
            deregisterInstances.AddRange(ours.Select(service => new DeregisterInstance(gone.Node.Name, service.Id)));
        }

        return new CatalogPlan([.. registerNodes, .. registerInstances, .. deregisterInstances, .. deregisterNodes], notices);
    }
}

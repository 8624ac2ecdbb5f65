using ArchUnitNET.Domain;

namespace Dupstream.ArchitectureTests;

/// <summary>
/// Which top-level namespace of an assembly uses which (a type's namespace below the prefix, first segment), and
/// the groups of namespaces that reach each other in a circle (strongly connected components, Tarjan).
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, HashSet<string>> edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> examples = [];

    private NamespaceGraph()
    {
    }

    public NamespaceGraph(Architecture architecture, string prefix)
    {
        var holding = architecture.Types.Select(t => t.Namespace?.FullName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        string? Folder(string? ns) => NamespaceGraph.Folder(ns, prefix, holding);
        foreach (var type in architecture.Types)
        {
            if (Folder(type.Namespace?.FullName) is not { } from)
            {
                continue;
            }

            var targets = edges.TryGetValue(from, out var known) ? known : edges[from] = new HashSet<string>(StringComparer.Ordinal);
            // A generic parameter is no dependency (ArchUnitNET places source-generated JSON contexts' method type
            // parameters in whichever context declared one first).
            foreach (var dependency in type.Dependencies.Where(d => d.Target is not GenericParameter))
            {
                if (Folder(dependency.Target?.Namespace?.FullName) is { } to && to != from)
                {
                    targets.Add(to);
                    examples.TryAdd((from, to), $"{type.FullName} -> {dependency.Target!.FullName}");
                }
            }
        }
    }

    /// <summary>A graph given by hand, to test the detector itself.</summary>
    public static NamespaceGraph Of(IReadOnlyDictionary<string, string[]> uses)
    {
        var graph = new NamespaceGraph();
        foreach (var (from, targets) in uses)
        {
            graph.edges[from] = new HashSet<string>(targets, StringComparer.Ordinal);
        }

        return graph;
    }

    /// <summary>Each cycle as its namespaces in order, e.g. "Configuration, Validation"; empty when dependencies point one way.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var index = 0;
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLinks = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();

        void Visit(string node)
        {
            indices[node] = lowLinks[node] = index++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!indices.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    lowLinks[node] = Math.Min(lowLinks[node], lowLinks[next]);
                }
                else if (onStack.Contains(next))
                {
                    lowLinks[node] = Math.Min(lowLinks[node], nextIndex);
                }
            }

            if (lowLinks[node] != indices[node])
            {
                return;
            }

            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);

            if (component.Count > 1)
            {
                component.Sort(StringComparer.Ordinal);
                cycles.Add(string.Join(", ", component));
            }
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!indices.ContainsKey(node))
            {
                Visit(node);
            }
        }

        cycles.Sort(StringComparer.Ordinal);
        return cycles;
    }

    /// <summary>The uses that make up the cycles, one example type pair per namespace pair: where to look.</summary>
    public string Explain()
    {
        var members = Cycles().SelectMany(cycle => cycle.Split(", ")).ToHashSet(StringComparer.Ordinal);
        return string.Join("\n", examples.Where(e => members.Contains(e.Key.From) && members.Contains(e.Key.To))
            .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
            .Select(e => $"{e.Key.From} -> {e.Key.To}: {e.Value}"));
    }

    /// <summary>
    /// The unit a namespace belongs to: its first folder below the prefix, or, when that folder holds only folders
    /// (Core, Flavours.Nginx), the first one down that holds types itself, so Core.Applying and Core.Commands are units.
    /// </summary>
    private static string? Folder(string? ns, string prefix, HashSet<string> holding)
    {
        if (ns is null || !ns.StartsWith(prefix + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = ns[(prefix.Length + 1)..].Split('.');
        for (var depth = 1; depth < segments.Length; depth++)
        {
            var folder = string.Join('.', segments[..depth]);
            if (holding.Contains(prefix + "." + folder))
            {
                return folder;
            }
        }

        return string.Join('.', segments);
    }
}

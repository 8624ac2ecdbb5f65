using Dupstream.Docker;

namespace Dupstream.Watching;

/// <summary>
/// The services and nodes that engine events named since the last read: the refresh loop asks the engine about
/// exactly these. An event that names nothing usable (an unknown type, no actor) makes the set
/// <see cref="Unspecific"/>, and only a full listing answers it.
/// </summary>
internal sealed class ChangeSet
{
    public HashSet<string> Services { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Nodes { get; } = new(StringComparer.Ordinal);

    public bool Unspecific { get; private set; }

    public bool IsEmpty => !Unspecific && Services.Count == 0 && Nodes.Count == 0;

    public int Count => Services.Count + Nodes.Count;

    public void Add(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        var target = engineEvent.Type switch
        {
            "service" => Services,
            "node" => Nodes,
            _ => null,
        };
        if (target is null || engineEvent.ActorId.Length == 0 || !engineEvent.ActorId.All(char.IsAsciiLetterOrDigit))
        {
            Unspecific = true;
            return;
        }

        target.Add(engineEvent.ActorId);
    }

    public void Add(ChangeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Services.UnionWith(other.Services);
        Nodes.UnionWith(other.Nodes);
        Unspecific |= other.Unspecific;
    }

    public void Clear()
    {
        Services.Clear();
        Nodes.Clear();
        Unspecific = false;
    }
}

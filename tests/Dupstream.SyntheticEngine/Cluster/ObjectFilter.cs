namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>
/// The /nodes and /services filters watchers use: <c>id</c> matches an ID prefix, <c>name</c> a name prefix
/// (as the engine's swarm filters do); several values of one filter are OR-ed, different filters AND-ed.
/// </summary>
public sealed record ObjectFilter(IReadOnlySet<string>? Ids = null, IReadOnlySet<string>? Names = null)
{
    public static ObjectFilter None { get; } = new();

    public bool Matches(string id, string name) =>
        (Ids is null || Ids.Any(prefix => id.StartsWith(prefix, StringComparison.Ordinal)))
        && (Names is null || Names.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
}

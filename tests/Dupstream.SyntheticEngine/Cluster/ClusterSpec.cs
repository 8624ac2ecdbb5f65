namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>
/// The size of a generated cluster: <paramref name="Nodes"/> ready and active nodes (the first one the leader),
/// <paramref name="Services"/> replicated services and <paramref name="Tasks"/> running tasks spread over them.
/// The same spec and seed give the same IDs, names and placement.
/// </summary>
public sealed record ClusterSpec(int Nodes, int Services, int Tasks, int Seed = 1)
{
    /// <summary>Published ports are 20000 + index (and 40000 + index for a second port), so they stay below 65536.</summary>
    public const int MaxServices = 25_000;

    public void Validate()
    {
        if (Nodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Nodes), Nodes, "A cluster needs at least one node.");
        }

        if (Services is < 0 or > MaxServices)
        {
            throw new ArgumentOutOfRangeException(nameof(Services), Services, $"Between 0 and {MaxServices} services.");
        }

        if (Tasks < 0 || (Services == 0 && Tasks > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Tasks), Tasks, "Tasks need services to belong to.");
        }
    }
}

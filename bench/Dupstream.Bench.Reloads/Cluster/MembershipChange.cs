namespace Dupstream.Bench.Reloads.Cluster;

/// <summary>One change the driver posts: <see cref="Service"/>'s nodes go from <see cref="Before"/> to <see cref="After"/>.</summary>
internal sealed record MembershipChange(string Phase, string Service, IReadOnlySet<int> Before, IReadOnlySet<int> After)
{
    public IReadOnlySet<int> Added => After.Except(Before).ToHashSet();

    public IReadOnlySet<int> Removed => Before.Except(After).ToHashSet();
}

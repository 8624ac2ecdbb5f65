namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>The JSON of each listed object, taken under the cluster's lock and written out after it.</summary>
public sealed record ClusterListing(IReadOnlyList<byte[]> Objects);

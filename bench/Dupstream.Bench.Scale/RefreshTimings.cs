namespace Dupstream.Bench.Scale;

/// <summary>Medians over the measured refreshes, in milliseconds.</summary>
internal sealed record RefreshTimings(
    string Reader,
    string Kind,
    int Rounds,
    double WallMs,
    double CpuMs,
    double ListingMs,
    double BuildMs,
    double CanonicalMs,
    int Changes,
    int SnapshotBytes,
    long AllocatedPerRefresh,
    long GcHeapBytes,
    long GcCommittedBytes,
    long WorkingSet);

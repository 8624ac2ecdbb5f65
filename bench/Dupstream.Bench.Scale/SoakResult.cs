namespace Dupstream.Bench.Scale;

/// <summary>What one watcher soak showed.</summary>
internal sealed record SoakResult(
    double Seconds,
    long PeakRssKb,
    long SteadyRssKb,
    long MaxLateRssKb,
    double CpuSeconds,
    double CpuPerTaskRefreshMs,
    long TaskRequests,
    long FullListings,
    double BytesPerTaskRefresh,
    double EngineSideTasksMs,
    double FirstPostSeconds,
    long Posts,
    int Changes,
    IReadOnlyList<double> ChangeSeconds,
    IReadOnlyList<double> PostSeconds);

namespace Dupstream.Bench.Scale;

/// <summary>One scale run: the cluster size, the watcher builds to soak (label -> executable) and how long.</summary>
internal sealed record ScaleSettings(
    string Socket,
    int Nodes,
    int Services,
    int Tasks,
    IReadOnlyList<(string Label, string Path)> Watchers,
    TimeSpan Soak,
    TimeSpan ChangeEvery,
    int Rounds,
    int CurlRuns,
    int OnceRuns,
    string? OutFile,
    int ChangeRounds = 2);

namespace Dupstream.Bench.Reloads.Run;

/// <summary>The knobs of a run, validated by the command line.</summary>
internal sealed record RunSettings
{
    public required string ReceiverExecutable { get; init; }

    public required string OutputDirectory { get; init; }

    public int Nodes { get; init; } = 24;

    public int RollingChanges { get; init; } = 20;

    public int ScaleChanges { get; init; } = 20;

    public int Streams { get; init; } = 300;

    public int RequestLoops { get; init; } = 4;

    public TimeSpan RequestPace { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan StreamInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a streaming client holds one connection before it connects again.</summary>
    public TimeSpan StreamLifetime { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Gap { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ProbeDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public int WorkerProcesses { get; init; } = 2;
}

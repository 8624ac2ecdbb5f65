using Dupstream.Bench.Reloads.Receiver;

namespace Dupstream.Bench.Reloads.Run;

/// <summary>Everything measured in one run (one mode, one snapshot size), or why it could not run.</summary>
internal sealed record RunResult
{
    public required ApplyMode Mode { get; init; }

    public required int Upstreams { get; init; }

    /// <summary>Set when the run could not happen (the receiver refused the mode); everything else is then empty.</summary>
    public string? NotRun { get; init; }

    public IReadOnlyList<ChangeRecord> Changes { get; init; } = [];

    /// <summary>Counter increments between the first and the last change (the set-up's apply excluded).</summary>
    public ReceiverCounters? Counters { get; init; }

    public IReadOnlyList<int> WorkerSamples { get; init; } = [];

    public int WorkerProcesses { get; init; }

    /// <summary>Proportional set size of all the master's workers (old ones included) at the end, KB.</summary>
    public long WorkersPssKb { get; init; }

    public long Requests { get; init; }

    public long FailedRequests { get; init; }

    public IReadOnlyList<string> FirstFailures { get; init; } = [];

    public int Streams { get; init; }

    /// <summary>Stream connections made from the start of the streams to the end of the run (reconnections included).</summary>
    public int StreamConnections { get; init; }

    public int StreamsBroken { get; init; }

    public TimeSpan Duration { get; init; }
}

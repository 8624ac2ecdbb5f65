namespace Dupstream.Bench.Latency;

/// <summary>Everything one benchmark run needs, parsed and checked by <see cref="BenchCommand"/>.</summary>
internal sealed record BenchSettings
{
    /// <summary>Path of the engine's unix socket (the lab manager's DOCKER_HOST without the scheme).</summary>
    public required string EngineSocket { get; init; }

    /// <summary>The watcher's entry assembly, run with <c>dotnet</c>.</summary>
    public required string WatcherDll { get; init; }

    /// <summary>Image every service runs; it must already be on the node (no registry here).</summary>
    public required string Image { get; init; }

    public required int Rounds { get; init; }

    /// <summary>The watcher's DUPSTREAM_PERIOD, also the unit of the idle goal.</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Quiet time between rounds, so one round's follow-up polling does not help the next.</summary>
    public required TimeSpan Gap { get; init; }

    /// <summary>Quiet time before the idle window, so the watcher has left any after-change polling.</summary>
    public required TimeSpan IdleSettle { get; init; }

    /// <summary>Length of the idle window; zero skips the idle measure.</summary>
    public required TimeSpan IdleWindow { get; init; }

    /// <summary>How long one appear or remove may take before the round counts as timed out.</summary>
    public required TimeSpan RoundTimeout { get; init; }

    /// <summary>First port tried for the services' host-mode published ports.</summary>
    public required int PortBase { get; init; }

    /// <summary>Folder for the markdown fragment and the watcher's logs.</summary>
    public required string OutputDirectory { get; init; }
}

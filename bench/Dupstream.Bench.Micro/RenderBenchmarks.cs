using BenchmarkDotNet.Attributes;
using Dupstream.Contracts;
using Dupstream.SyntheticEngine.Snapshots;

namespace Dupstream.Bench.Micro;

/// <summary>The receiver's pure steps at 20 / 2,000 upstreams (10 servers each): validating a snapshot and rendering the upstream file.</summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private string directory = null!;
    private object config = null!;
    private SwarmSnapshot snapshot = null!;
    private object validated = null!;

    [Params(20, 2_000)]
    public int Upstreams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("dupstream-bench-render-").FullName;
        config = ReceiverInternals.LoadConfig(directory);
        snapshot = SyntheticSnapshots.Create(Upstreams, nodes: Math.Max(10, Upstreams / 10), nodesPerService: 10);
        validated = ReceiverInternals.Validate(snapshot, config);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    [Benchmark(Description = "validate")]
    public object Validate() => ReceiverInternals.Validate(snapshot, config);

    [Benchmark(Description = "render")]
    public object Render() => ReceiverInternals.Render(validated, config);

    [Benchmark(Description = "parse + validate + render")]
    public object Whole() => ReceiverInternals.Render(ReceiverInternals.Validate(SnapshotJson.Deserialize(SnapshotJson.Serialize(snapshot)), config), config);
}

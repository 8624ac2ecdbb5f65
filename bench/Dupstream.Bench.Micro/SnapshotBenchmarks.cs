using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Docker.DotNet.Models;
using Dupstream.Contracts;
using Dupstream.Docker;
using Dupstream.Snapshots;

namespace Dupstream.Bench.Micro;

/// <summary>
/// The watcher's refresh path without I/O, at 20 / 2,000 / 20,000 running tasks: reading the /tasks answer
/// (our streaming reader against the library's full models), building the snapshot, making its canonical bytes,
/// and recognising an unchanged snapshot (field walk against byte comparison).
/// </summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private readonly IdPool ids = new();
    private ClusterData data = null!;
    private SwarmSnapshot snapshot = null!;
    private SwarmSnapshot rebuilt = null!;
    private CanonicalSnapshot canonical = null!;
    private CanonicalSnapshot canonicalRebuilt = null!;

    [Params(20, 2_000, 20_000)]
    public int Tasks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        data = new ClusterData(Tasks);
        snapshot = SnapshotBuilder.Build(data.Nodes, data.Services, data.Tasks);
        rebuilt = SnapshotBuilder.Build(data.Nodes, data.Services, data.Tasks);
        canonical = CanonicalSnapshot.From(snapshot);
        canonicalRebuilt = CanonicalSnapshot.From(rebuilt);
    }

    [Benchmark(Description = "read /tasks: lean stream reader")]
    public int ReadTasksLean()
    {
        // As in the watcher: the ID pool outlives the listing, so a steady-state listing reuses the ID strings.
        var tasks = JsonArrayStream.ReadAsync<EngineTask>(new MemoryStream(data.TasksJson), new TaskJsonReader(ids).TryRead, CancellationToken.None).GetAwaiter().GetResult();
        ids.EndListing();
        return tasks.Count;
    }

    [Benchmark(Description = "read /tasks: Docker.DotNet models + mapper")]
    public int ReadTasksModels() =>
        JsonSerializer.Deserialize<TaskResponse[]>(data.TasksJson, LibraryJson.Options)!.Select(EngineModelMapper.ToTask).Count();

    [Benchmark(Description = "build snapshot")]
    public SwarmSnapshot Build() => SnapshotBuilder.Build(data.Nodes, data.Services, data.Tasks);

    [Benchmark(Description = "serialise + fingerprint")]
    public int Serialise() => CanonicalSnapshot.From(snapshot).Bytes.Length;

    [Benchmark(Description = "compare unchanged: bytes")]
    public bool CompareBytes() => canonical.SameContentAs(canonicalRebuilt);

    [Benchmark(Description = "compare unchanged: fields")]
    public bool CompareFields() => SnapshotEquality.Same(snapshot, rebuilt);

    [Benchmark(Description = "unchanged refresh: build + reuse")]
    public bool UnchangedRefresh() => ReferenceEquals(canonical, CanonicalSnapshot.From(SnapshotBuilder.Build(data.Nodes, data.Services, data.Tasks), canonical));
}

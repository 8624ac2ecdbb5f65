using System.Diagnostics;
using Dupstream.Configuration;
using Dupstream.Docker;
using Dupstream.Snapshots;
using Dupstream.SyntheticEngine.Reference;

namespace Dupstream.Bench.Scale;

/// <summary>
/// Times refreshes inside this process, exactly as the watcher's refresh loop does them (listing, snapshot build,
/// canonical bytes + fingerprint, comparison with the previous snapshot), so wall and CPU time per refresh can be
/// measured without the engine's own work in the figures (the engine runs in another process).
/// </summary>
internal static class RefreshProbe
{
    public static async Task<RefreshTimings> RunAsync(Uri dockerHost, string reader, string kind, int rounds, CancellationToken cancellationToken, string? changedServiceId = null)
    {
        var endpoint = new EngineEndpoint(dockerHost, false, null);
        using var lean = new DockerEngine(DockerClientFactory.Create(endpoint));
        using var models = new ModelDockerEngine(DockerClientFactory.Create(endpoint));
        var useModels = reader == "models";
        var full = kind == "full";
        var process = Process.GetCurrentProcess();
        var wall = new List<double>();
        var cpu = new List<double>();
        var listing = new List<double>();
        var building = new List<double>();
        var canonical = new List<double>();
        CanonicalSnapshot? previous = null;
        IReadOnlyList<EngineNode>? nodes = null;
        IReadOnlyList<EngineService>? services = null;
        var changes = 0;
        long allocatedBefore = 0;

        // kind "change": the read after one service's event (its spec and its tasks only), as the watcher makes it.
        var swarm = new Dupstream.Watching.SwarmReader(lean);
        var changed = new Dupstream.Watching.ChangeSet();
        string? changedName = null;
        using var control = new HttpClient(Dupstream.Common.Http.UnixSocketHttp.Handler(dockerHost.AbsolutePath)) { BaseAddress = new Uri("http://engine/") };
        if (kind == "change")
        {
            var first = await swarm.ReadFullAsync(cancellationToken).ConfigureAwait(false);
            changed.Add(new EngineEvent("service", "update", changedServiceId ?? throw new ArgumentException("kind change needs a service ID"), 1));
            changedName = (await lean.ListServicesAsync(cancellationToken).ConfigureAwait(false)).Single(s => s.Id == changedServiceId).Name;
            previous = CanonicalSnapshot.From(first);
        }

        // Round 0 warms up (JIT, connections) and is not counted, as a long-running watcher is past it.
        for (var round = 0; round <= rounds; round++)
        {
            if (changedName is not null)
            {
                // A real change before each read (outside the timing): the service scaled between 2 and 3 tasks, so
                // the read patches it, its entry is rebuilt and the snapshot's bytes differ, as after a user's change.
                using var scaled = await control.PostAsync(new Uri($"_synthetic/scale?service={Uri.EscapeDataString(changedName)}&replicas={2 + (round % 2)}", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
                scaled.EnsureSuccessStatusCode();
            }

            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            if (kind == "change")
            {
                var patched = await swarm.ReadChangesAsync(changed, cancellationToken).ConfigureAwait(false);
                var readAt = Stopwatch.GetTimestamp();
                var next = CanonicalSnapshot.From(patched, previous);
                if (!next.SameContentAs(previous))
                {
                    changes++;
                }

                previous = next;
                var finished = Stopwatch.GetTimestamp();
                process.Refresh();
                if (round == 0)
                {
                    allocatedBefore = GC.GetTotalAllocatedBytes();
                    continue;
                }

                // The build is part of the read here (the state is patched, then built): "listing" holds both.
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                wall.Add(Stopwatch.GetElapsedTime(started, finished).TotalMilliseconds);
                listing.Add(Stopwatch.GetElapsedTime(started, readAt).TotalMilliseconds);
                building.Add(0);
                canonical.Add(Stopwatch.GetElapsedTime(readAt, finished).TotalMilliseconds);
                continue;
            }

            if (full || nodes is null || services is null)
            {
                var nodesTask = useModels ? models.ListNodesAsync(cancellationToken) : lean.ListNodesAsync(cancellationToken);
                var servicesTask = useModels ? models.ListServicesAsync(cancellationToken) : lean.ListServicesAsync(cancellationToken);
                nodes = await nodesTask.ConfigureAwait(false);
                services = await servicesTask.ConfigureAwait(false);
            }

            var tasks = useModels
                ? await models.ListRunningTasksAsync(cancellationToken).ConfigureAwait(false)
                : await lean.ListRunningTasksAsync(cancellationToken).ConfigureAwait(false);
            var listed = Stopwatch.GetTimestamp();
            var snapshot = SnapshotBuilder.Build(nodes, services, tasks);
            var built = Stopwatch.GetTimestamp();
            var current = CanonicalSnapshot.From(snapshot, previous);
            if (!ReferenceEquals(current, previous) && !current.SameContentAs(previous))
            {
                changes++;
            }

            previous = current;
            var done = Stopwatch.GetTimestamp();

            process.Refresh();
            if (round == 0)
            {
                allocatedBefore = GC.GetTotalAllocatedBytes();
                continue;
            }

            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            wall.Add(Stopwatch.GetElapsedTime(started, done).TotalMilliseconds);
            listing.Add(Stopwatch.GetElapsedTime(started, listed).TotalMilliseconds);
            building.Add(Stopwatch.GetElapsedTime(listed, built).TotalMilliseconds);
            canonical.Add(Stopwatch.GetElapsedTime(built, done).TotalMilliseconds);
        }

        var gc = GC.GetGCMemoryInfo();
        // DUPSTREAM_BENCH_GC_DETAIL=1: where the memory is (what led to ListingMemory), on stderr.
        if (Environment.GetEnvironmentVariable("DUPSTREAM_BENCH_GC_DETAIL") is not null)
        {
            string Gens(GCMemoryInfo info) => string.Join(" ", info.GenerationInfo.ToArray().Select((g, i) => $"g{i}:{g.SizeAfterBytes / 1024}K/frag{g.FragmentationAfterBytes / 1024}K"));
            Console.Error.WriteLine($"last GC: index {gc.Index} gen {gc.Generation} heap {gc.HeapSizeBytes / 1024}K committed {gc.TotalCommittedBytes / 1024}K promoted {gc.PromotedBytes / 1024}K {Gens(gc)}; collections g0 {GC.CollectionCount(0)} g1 {GC.CollectionCount(1)} g2 {GC.CollectionCount(2)}");
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var after = GC.GetGCMemoryInfo();
            Console.Error.WriteLine($"after full GC: heap {after.HeapSizeBytes / 1024}K committed {after.TotalCommittedBytes / 1024}K {Gens(after)}; working set {Environment.WorkingSet / 1024}K");
        }

        return new RefreshTimings(
            reader, kind, rounds, Stats.Median(wall), Stats.Median(cpu), Stats.Median(listing), Stats.Median(building), Stats.Median(canonical), changes, previous?.Bytes.Length ?? 0,
            (GC.GetTotalAllocatedBytes() - allocatedBefore) / rounds, gc.HeapSizeBytes, gc.TotalCommittedBytes, Environment.WorkingSet);
    }
}

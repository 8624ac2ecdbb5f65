using Dupstream.IntegrationTests.Lab;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// Issues 4 and 6: the manager engine restarts under a running watcher. Its own class (the collection keeps it
/// sequential with every other swarm test) because it takes the shared engine away for several seconds.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class WatcherEngineRestartTests(SwarmLab lab, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_watcher_rides_out_an_engine_restart_and_never_sends_a_snapshot_missing_a_live_service()
    {
        Assert.True(lab.NodeCount == 2, "This test needs the two-node lab (scripts/lab.sh up --nodes 2).");
        var kept = SwarmLab.UniqueName("rs-kept");
        var added = SwarmLab.UniqueName("rs-added");
        var ids = await LabNodes.IdsByHostnameAsync(lab);
        var node2Id = ids[lab.Node2Hostname];
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            // On node2 its task keeps running while the manager's engine is away: the service exists throughout.
            await lab.CreateServiceAsync(new ServiceSpec(kept) { IngressPorts = [new(lab.FreeTcpPort(), 80)], NodeHostname = lab.Node2Hostname });
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [target.Url], "restart-secret", 1);
            var running = await target.WaitForPostAsync(p => p.Service(kept)?.Nodes.SequenceEqual([node2Id]) == true, Patience, $"{kept} running on node2");

            var restartStarted = DateTimeOffset.UtcNow;
            await lab.LabAsync("restart-manager");
            var engineBack = DateTimeOffset.UtcNow;

            Assert.False(watcher.HasExited, $"The watcher exited during the engine restart. Log:\n{watcher.StandardError}");
            Assert.True(
                watcher.CountLog(line => line.Contains("Engine event stream lost", StringComparison.Ordinal)) > 0,
                $"The watcher never noticed the engine going away. Log:\n{watcher.StandardError}");

            // It listens and lists again: a service created now arrives, next to the one that was there all along.
            await lab.CreateServiceAsync(new ServiceSpec(added) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            var after = await target.WaitForPostAsync(
                p => p.Has(added) && p.Service(kept)?.Nodes.SequenceEqual([node2Id]) == true && p.Snapshot!.Nodes.Count == 2,
                Patience,
                $"{added} and {kept} on node2 after the restart",
                running.Index + 1);

            // Never an empty or partial snapshot from a failed listing: every POST since has both the live service and nodes.
            var since = target.Posts.Skip(running.Index).ToList();
            Assert.All(since, p => Assert.True(p.Has(kept) && p.Snapshot!.Nodes.Count > 0, $"POST #{p.Index} lacks {kept} or every node: {p.BodyText}"));
            Assert.False(watcher.HasExited);
            output.WriteLine($"restart took {(engineBack - restartStarted).TotalSeconds:0.0} s; {since.Count} POSTs since {kept} ran, all with it; {added} arrived {(after.ReceivedAt - engineBack).TotalMilliseconds:0} ms after the restart finished");
            output.WriteLine(string.Join('\n', watcher.StandardError.Split('\n').Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("again", StringComparison.Ordinal))));
        }
        finally
        {
            await lab.RemoveServiceAsync(kept);
            await lab.RemoveServiceAsync(added);
        }
    }
}

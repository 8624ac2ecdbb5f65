using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// Issue 6, node loss: node2's link goes down under a running watcher, then comes back. The test ends only once
/// node2 is Ready again, so the tests after it see a healthy lab.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class WatcherNodeLossTests(SwarmLab lab, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_that_loses_its_link_leaves_the_snapshot_once_the_manager_marks_it_down_and_returns_after()
    {
        Assert.True(lab.NodeCount == 2, "This test needs the two-node lab (scripts/lab.sh up --nodes 2).");
        var name = SwarmLab.UniqueName("nl-global");
        var ids = await LabNodes.IdsByHostnameAsync(lab);
        var (managerId, node2Id) = (ids[lab.ManagerHostname], ids[lab.Node2Hostname]);
        var both = new[] { managerId, node2Id }.Order(StringComparer.Ordinal).ToList();
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(name) { Global = true, IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [target.Url], "nodeloss-secret", 1);
            var healthy = await target.WaitForPostAsync(p => p.Service(name)?.Nodes.SequenceEqual(both) == true, Patience, $"{name} on both nodes");

            ReceivedPost left;
            DateTimeOffset cut;
            try
            {
                await lab.LabAsync("node2-link", "down");
                cut = DateTimeOffset.UtcNow;
                left = await target.WaitForPostAsync(p => p.Snapshot!.Nodes.All(n => n.Id != node2Id), Patience, "node2 to leave the snapshot", healthy.Index + 1);

                // /tasks still says node2's task runs; the snapshot must not believe it.
                Assert.Equal([managerId], left.Service(name)!.Nodes);
                Assert.Equal("Down", (await lab.NodeStatusesAsync())[lab.Node2Hostname]);
            }
            finally
            {
                await lab.LabAsync("node2-link", "up");
                await Eventually.UntilAsync(
                    async () => (await lab.NodeStatusesAsync()).GetValueOrDefault(lab.Node2Hostname) == "Ready",
                    TimeSpan.FromSeconds(90),
                    "node2 to be Ready again after its link came back");
            }

            var linkUp = DateTimeOffset.UtcNow;
            var back = await target.WaitForPostAsync(p => p.Service(name)?.Nodes.SequenceEqual(both) == true, Patience, $"{name} on both nodes again", left.Index + 1);
            output.WriteLine($"node2 left the snapshot {(left.ReceivedAt - cut).TotalSeconds:0.0} s after its link went down; back on both nodes {(back.ReceivedAt - linkUp).TotalSeconds:0.0} s after node2 was Ready again");
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }
}

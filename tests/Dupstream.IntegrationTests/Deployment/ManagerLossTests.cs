using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Dupstream.IntegrationTests.Watcher;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// deploy/stack.yml on a swarm with three managers (node1 and two added ones): the watcher service moves to another
/// manager when the engine of the one running it stops, and a change made after the loss reaches the receiver. Two
/// watcher replicas at once send the same snapshots; the receiver must neither reload nor refuse for the duplicate.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class ManagerLossTests(ExtraManagers managers, ITestOutputHelper output) : IClassFixture<ExtraManagers>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly SwarmLab lab = managers.Lab;

    [Fact]
    public async Task The_watcher_moves_off_a_lost_manager_and_a_change_made_after_the_loss_reaches_the_receiver()
    {
        var before = SwarmLab.UniqueName("ml-before");
        var after = SwarmLab.UniqueName("ml-after");
        // node1 takes no new tasks meanwhile: the watcher starts, and restarts, on an added manager, whose engine
        // this test may stop (node1's engine serves every other test).
        await lab.DockerAsync("node", "update", "--availability", "pause", lab.ManagerHostname);
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(before) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            await using var stack = await StackDeployment.DeployAsync(lab, lab.Node2Hostname, lab.Node2Address, lab.Node2DockerHost);
            await Eventually.UntilAsync(async () => (await stack.UpstreamTextAsync()).Contains($"upstream {before} ", StringComparison.Ordinal),
                Patience, $"{before} in the receiver's upstream file (first delivery)");
            var first = await Eventually.UntilAsync(async () => (await LabNodes.RunningOnAsync(lab, stack.WatcherService)).SingleOrDefault(), Patience, "the watcher's node");
            var lost = managers.Managers.Single(m => m.Hostname == first);

            await lab.LabAsync("stop-node", lost.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await lab.CreateServiceAsync(new ServiceSpec(after) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });

            var upstream = await Eventually.UntilAsync(async () =>
            {
                var text = await stack.UpstreamTextAsync();
                return text.Contains($"upstream {after} ", StringComparison.Ordinal) ? text : null;
            }, Patience, $"{after}, created after {lost.Hostname} was lost, in the receiver's upstream file");
            output.WriteLine(upstream);
            // With a HEALTHCHECK the swarm reports the new task Running once it is healthy, which may be after it delivered.
            var now = await Eventually.UntilAsync(async () => (await LabNodes.RunningOnAsync(lab, stack.WatcherService)).SingleOrDefault(),
                Patience, "the watcher's new task running");
            Assert.NotEqual(lost.Hostname, now);
            Assert.Contains(now, managers.Managers.Select(m => m.Hostname));
        }
        finally
        {
            await lab.DockerAsync("node", "update", "--availability", "active", lab.ManagerHostname);
            await lab.RemoveServiceAsync(before);
            await lab.RemoveServiceAsync(after);
        }
    }

    [Fact]
    public async Task Two_watcher_replicas_cause_one_reload_per_change_and_no_refused_snapshot()
    {
        var service = SwarmLab.UniqueName("ml-twin");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var metrics = new Uri($"http://{lab.Node2Address}:{StackDeployment.ReceiverPort}/metrics");
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(service) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            await Eventually.UntilAsync(async () => await lab.RunningTaskCountAsync(service) == 1, Patience, $"{service} running");
            await using var stack = await StackDeployment.DeployAsync(lab, lab.Node2Hostname, lab.Node2Address, lab.Node2DockerHost, watcherReplicas: 2);
            await Eventually.UntilAsync(async () => (await LabNodes.RunningOnAsync(lab, stack.WatcherService)).Count == 2, Patience, "two watcher tasks on two managers");
            await Eventually.UntilAsync(async () => (await stack.UpstreamTextAsync()).Contains($"upstream {service} ", StringComparison.Ordinal),
                Patience, $"{service} in the receiver's upstream file");
            // Both watchers have sent what they see once the receiver's count of snapshots stops moving.
            var settled = await Settled(http, metrics);
            Assert.True(settled.SnapshotsOk >= 2, $"both watchers delivered ({settled})");

            // One change, seen identically by both: two POSTs, one apply with one reload, the other answered unchanged.
            await lab.DockerAsync("service", "update", "--detach", "--label-add", "dupstream.upstream.prefix=least_conn;", service);
            await Eventually.UntilAsync(async () => (await stack.UpstreamTextAsync()).Contains("least_conn;", StringComparison.Ordinal),
                Patience, "the label's least_conn in the upstream file");
            var afterChange = await Eventually.UntilAsync(async () =>
            {
                var now = await ReceiverMetrics.ReadAsync(http, metrics);
                return now.SnapshotsOk >= settled.SnapshotsOk + 2 ? now : null;
            }, Patience, "the change from both watchers");
            var final = await Settled(http, metrics);
            output.WriteLine($"settled {settled}, after the change {afterChange}, final {final}");
            Assert.Equal(settled.Reloads + 1, final.Reloads);
            Assert.Equal(0, final.SnapshotsRefused);
        }
        finally
        {
            await lab.RemoveServiceAsync(service);
        }
    }

    /// <summary>The metrics once no snapshot arrived for 3 s (both watchers react within a period of 1 s).</summary>
    private static async Task<ReceiverMetrics> Settled(HttpClient http, Uri metrics)
    {
        var last = await ReceiverMetrics.ReadAsync(http, metrics);
        var since = DateTimeOffset.UtcNow;
        return await Eventually.UntilAsync(async () =>
        {
            var now = await ReceiverMetrics.ReadAsync(http, metrics);
            if (now != last)
            {
                (last, since) = (now, DateTimeOffset.UtcNow);
                return null;
            }

            return DateTimeOffset.UtcNow - since >= TimeSpan.FromSeconds(3) ? now : null;
        }, Patience, "the receiver's snapshot count to settle");
    }
}

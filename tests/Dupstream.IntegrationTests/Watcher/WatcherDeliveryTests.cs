using System.Text;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// Issue 2 on the real swarm: the watcher subprocess, real HTTP listeners as targets. Assertions are about this
/// class's own services only; other tests' services share the swarm.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class WatcherDeliveryTests(SwarmLab lab, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Services_created_scaled_and_removed_reach_both_targets_with_ports_labels_nodes_and_the_secret()
    {
        var host = SwarmLab.UniqueName("w-host");
        var ingress = SwarmLab.UniqueName("w-ingress");
        var hostPort = lab.FreeTcpPort();
        var (first80, second81) = (lab.FreeTcpPort(), lab.FreeTcpPort());
        var labels = new Dictionary<string, string> { ["team"] = "blue", ["dupstream.upstream.prefix"] = "least_conn;" };
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        var ids = await LabNodes.IdsByHostnameAsync(lab);
        var managerId = ids[lab.ManagerHostname];
        await using var first = await RecordingTarget.StartAsync();
        await using var second = await RecordingTarget.StartAsync();
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(host) { HostPort = hostPort, NodeHostname = lab.ManagerHostname });
            await lab.CreateServiceAsync(new ServiceSpec(ingress) { IngressPorts = [new(first80, 80), new(second81, 81)], Labels = labels });
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [first.Url, second.Url], secret, 0.5);

            bool BothRunning(ReceivedPost p) => p.Service(host)?.Nodes.SequenceEqual([managerId]) == true && p.Service(ingress)?.Nodes.Count == 1;
            var running = await first.WaitForPostAsync(BothRunning, Patience, "both services running, on the first target");
            var runningOnSecond = await second.WaitForPostAsync(BothRunning, Patience, "both services running, on the second target");
            Assert.Equal(running.BodyText, runningOnSecond.BodyText);

            var hostService = running.Service(host)!;
            Assert.Equal([(hostPort, hostPort)], hostService.Ports.Select(p => (p.TargetPort, p.PublishedPort)));
            Assert.Empty(hostService.Labels);
            var ingressService = running.Service(ingress)!;
            Assert.Equal([(80, first80), (81, second81)], ingressService.Ports.Select(p => (p.TargetPort, p.PublishedPort)));
            Assert.Equal(labels.OrderBy(l => l.Key, StringComparer.Ordinal), ingressService.Labels.OrderBy(l => l.Key, StringComparer.Ordinal));
            Assert.Contains(ingressService.Nodes[0], ids.Values);
            var manager = Assert.Single(running.Snapshot!.Nodes, n => n.Id == managerId);
            Assert.Equal((lab.ManagerHostname, lab.ManagerAddress, "ready", "active"), (manager.Name, manager.Ip, manager.State, manager.Availability));

            // Scaling up: Nodes follows the nodes the engine runs the tasks on.
            await lab.ScaleAsync(ingress, 2);
            await Eventually.UntilAsync(async () => await lab.RunningTaskCountAsync(ingress) == 2, Patience, $"2 running tasks of {ingress}");
            var expected = (await LabNodes.RunningOnAsync(lab, ingress)).Select(hostname => ids[hostname]).Order(StringComparer.Ordinal).ToList();
            var scaled = await first.WaitForPostAsync(p => p.Service(ingress)?.Nodes.SequenceEqual(expected) == true, Patience, $"{ingress} on {string.Join(',', expected)}", running.Index + 1);
            await second.WaitForPostAsync(p => p.Service(ingress)?.Nodes.SequenceEqual(expected) == true, Patience, $"{ingress} on {string.Join(',', expected)} (second target)", runningOnSecond.Index + 1);

            // Scaled to zero it stays listed (it still publishes ports), with no nodes.
            await lab.ScaleAsync(ingress, 0);
            var idle = await first.WaitForPostAsync(p => p.Service(ingress)?.Nodes.Count == 0, Patience, $"{ingress} with no nodes", scaled.Index + 1);
            await second.WaitForPostAsync(p => p.Service(ingress)?.Nodes.Count == 0, Patience, $"{ingress} with no nodes (second target)", runningOnSecond.Index + 1);

            await lab.RemoveServiceAsync(host);
            await first.WaitForPostAsync(p => !p.Has(host) && p.Has(ingress), Patience, $"{host} gone", idle.Index + 1);
            await second.WaitForPostAsync(p => !p.Has(host) && p.Has(ingress), Patience, $"{host} gone (second target)", runningOnSecond.Index + 1);

            Assert.All(first.Posts.Concat(second.Posts), p =>
            {
                Assert.Equal(secret, p.Secret);
                Assert.Equal("application/json", p.ContentType);
                Assert.Null(p.ParseError);
            });
            Assert.DoesNotContain(secret, watcher.StandardError, StringComparison.Ordinal);
            output.WriteLine($"first target: {first.Count} POSTs, second: {second.Count}");
        }
        finally
        {
            await lab.RemoveServiceAsync(host);
            await lab.RemoveServiceAsync(ingress);
        }
    }

    [Fact]
    public async Task An_unchanged_cluster_sends_nothing_more_over_many_periods()
    {
        var name = SwarmLab.UniqueName("w-quiet");
        await using var engine = new CountingEngineProxy(lab.DockerHost);
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(name) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            await using var watcher = WatcherProcess.StartWatching(engine.DockerHost, [target.Url], "quiet-secret", 0.5);
            var running = await target.WaitForPostAsync(p => p.Service(name)?.Nodes.Count == 1, Patience, $"{name} running");

            // The watcher logs nothing when a listing finds no change, but each listing is a GET /tasks through the
            // proxy: 12 of them cover the fast polls after the change (100 ms growing x1.5 up to the period) and then
            // at least 8 idle 0.5 s periods.
            var listingsBefore = engine.Count("/tasks");
            await engine.WaitForMoreAsync("/tasks", 12, Patience);

            Assert.True(target.Count == running.Index + 1, $"Nothing changed, yet more was sent. {target.Describe()}");
            output.WriteLine($"{engine.Count("/tasks") - listingsBefore} task listings after the last POST, {target.Count} POSTs in all");
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    [Fact]
    public async Task Always_resends_the_unchanged_snapshot_every_period()
    {
        var name = SwarmLab.UniqueName("w-always");
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(name) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [target.Url], "always-secret", 0.5, "--always");
            var running = await target.WaitForPostAsync(p => p.Service(name)?.Nodes.Count == 1, Patience, $"{name} running");

            var fourthRepeat = await target.WaitForPostAsync(p => p.Index >= running.Index + 4, Patience, "four more POSTs with --always");

            var repeats = target.Posts.Skip(running.Index).Take(fourthRepeat.Index - running.Index + 1).ToList();
            Assert.All(repeats, p => Assert.Equal(running.BodyText, p.BodyText));
            output.WriteLine("intervals (ms): " + string.Join(", ", repeats.Zip(repeats.Skip(1), (a, b) => (b.ReceivedAt - a.ReceivedAt).TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    [Fact]
    public async Task A_target_that_failed_or_was_down_during_a_change_is_caught_up_once_it_answers_again()
    {
        var name = SwarmLab.UniqueName("w-catchup");
        await using var healthy = await RecordingTarget.StartAsync();
        await using var flaky = await RecordingTarget.StartAsync();
        try
        {
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [healthy.Url, flaky.Url], "catchup-secret", 0.5);
            await healthy.WaitForPostAsync(_ => true, Patience, "the first snapshot");
            await flaky.WaitForPostAsync(_ => true, Patience, "the first snapshot");

            // A target answering 500 during a change gets the change once it answers 2xx, with no further change.
            flaky.AnswerStatus = 500;
            await lab.CreateServiceAsync(new ServiceSpec(name) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            await healthy.WaitForPostAsync(p => p.Has(name), Patience, $"{name} at the healthy target");
            var refused = await flaky.WaitForPostAsync(p => p.Has(name) && p.AnsweredStatus == 500, Patience, $"{name} offered to the failing target");
            flaky.AnswerStatus = 200;
            var caughtUp = await flaky.WaitForPostAsync(p => p.Has(name) && p.AnsweredStatus == 200, Patience, $"{name} delivered once the target answers 200", refused.Index + 1);

            // A target that is not even listening during a change gets it once it listens again.
            await flaky.GoDownAsync();
            var failuresBefore = watcher.CountLog(line => line.Contains(flaky.Url.ToString(), StringComparison.Ordinal) && line.Contains("failed", StringComparison.Ordinal));
            await lab.RemoveServiceAsync(name);
            await healthy.WaitForPostAsync(p => !p.Has(name), Patience, $"{name} gone at the healthy target");
            await Eventually.UntilAsync(
                () => watcher.CountLog(line => line.Contains(flaky.Url.ToString(), StringComparison.Ordinal) && line.Contains("failed", StringComparison.Ordinal)) > failuresBefore,
                Patience,
                $"a failed delivery to the stopped target {flaky.Url}");
            Assert.Equal(caughtUp.Index + 1, flaky.Count);
            await flaky.ComeBackAsync();
            await flaky.WaitForPostAsync(p => !p.Has(name) && p.AnsweredStatus == 200, Patience, $"{name} gone at the target that came back", caughtUp.Index + 1);
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    [Fact]
    public async Task Once_prints_the_snapshot_as_indented_json_and_exits_0()
    {
        var name = SwarmLab.UniqueName("w-once");
        var port = lab.FreeTcpPort();
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(name) { IngressPorts = [new(port, 8080)], Labels = new Dictionary<string, string> { ["dupstream.file"] = "global" } });
            await using var once = WatcherProcess.Start(new Dictionary<string, string> { ["DOCKER_HOST"] = lab.DockerHost }, "--once");

            Assert.Equal(0, await once.WaitForExitAsync(Patience));
            var printed = once.StandardOutput;
            Assert.Contains("\n  ", printed, StringComparison.Ordinal);
            var snapshot = SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(printed));
            var service = Assert.Single(snapshot.Services, s => s.Name == name);
            Assert.Equal([(8080, port)], service.Ports.Select(p => (p.TargetPort, p.PublishedPort)));
            Assert.Equal("global", service.Labels["dupstream.file"]);
            var ids = await LabNodes.IdsByHostnameAsync(lab);
            var expectedNodes = lab.NodeCount == 2
                ? new[] { (ids[lab.ManagerHostname], lab.ManagerHostname, lab.ManagerAddress), (ids[lab.Node2Hostname], lab.Node2Hostname, lab.Node2Address) }
                : [(ids[lab.ManagerHostname], lab.ManagerHostname, lab.ManagerAddress)];
            Assert.Equal(expectedNodes, snapshot.Nodes.Select(n => (n.Id, n.Name, n.Ip)));
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    [Fact]
    public async Task Without_a_service_url_it_exits_2_with_a_message_naming_the_variable()
    {
        await using var watcher = WatcherProcess.Start(new Dictionary<string, string> { ["DOCKER_HOST"] = lab.DockerHost, ["DUPSTREAM_PERIOD"] = "0.5" });

        Assert.Equal(2, await watcher.WaitForExitAsync(Patience));
        Assert.Contains("DUPSTREAM_SERVICE_URL", watcher.StandardError, StringComparison.Ordinal);
        Assert.Equal("", watcher.StandardOutput);
    }

    [Fact]
    public async Task A_global_service_on_the_two_node_swarm_lists_both_node_ids()
    {
        Assert.True(lab.NodeCount == 2, "This test needs the two-node lab (scripts/lab.sh up --nodes 2).");
        var name = SwarmLab.UniqueName("w-global");
        var ids = await LabNodes.IdsByHostnameAsync(lab);
        var both = new[] { ids[lab.ManagerHostname], ids[lab.Node2Hostname] }.Order(StringComparer.Ordinal).ToList();
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(name) { Global = true, IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [target.Url], "global-secret", 0.5);

            var post = await target.WaitForPostAsync(p => p.Service(name)?.Nodes.SequenceEqual(both) == true, Patience, $"{name} on both nodes");

            var node2 = Assert.Single(post.Snapshot!.Nodes, n => n.Id == ids[lab.Node2Hostname]);
            Assert.Equal((lab.Node2Hostname, lab.Node2Address), (node2.Name, node2.Ip));
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }
}

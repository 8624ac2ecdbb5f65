using System.Globalization;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// Issue 4 on the real swarm. The watcher runs with a 30 s period, so only the engine's events (and the fast task
/// polls that follow them) can explain a change that reaches a target within the 15 s these tests allow.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class WatcherRealTimeTests(SwarmLab lab, ITestOutputHelper output)
{
    private const double LongPeriod = 30;

    // Half the period: whatever arrives within this cannot have been found by the periodic resync.
    private static readonly TimeSpan BeforeThePeriod = TimeSpan.FromSeconds(LongPeriod / 2);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_new_service_and_its_running_task_reach_the_target_long_before_the_next_period()
    {
        var name = SwarmLab.UniqueName("rt-new");
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [target.Url], "rt-secret", LongPeriod);
            var first = await target.WaitForPostAsync(_ => true, Patience, "the first snapshot");

            await lab.CreateServiceAsync(new ServiceSpec(name) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            var created = DateTimeOffset.UtcNow;
            var listed = await target.WaitForPostAsync(p => p.Has(name), BeforeThePeriod, $"{name} listed", first.Index + 1);
            var running = await target.WaitForPostAsync(p => p.Service(name)?.Nodes.Count == 1, BeforeThePeriod, $"{name} running", first.Index + 1);

            output.WriteLine($"listed {(listed.ReceivedAt - created).TotalMilliseconds:0} ms and running {(running.ReceivedAt - created).TotalMilliseconds:0} ms after 'docker service create' returned (period {LongPeriod} s)");
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    [Fact]
    public async Task A_task_is_drained_from_the_snapshot_while_its_container_still_runs_on_update_force_and_rm()
    {
        var name = SwarmLab.UniqueName("rt-drain");
        var ids = await LabNodes.IdsByHostnameAsync(lab);
        var managerId = ids[lab.ManagerHostname];
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            // The image's sleep, as PID 1, ignores SIGTERM: a stopped task's container lives on for the whole
            // 10 s grace period, and the engine keeps reporting it Running meanwhile.
            await lab.RemoveServiceAsync(name);
            await lab.DockerAsync(
                "service", "create", "--detach", "--no-resolve-image", "--name", name, "--stop-grace-period", "10s",
                "--constraint", $"node.hostname=={lab.ManagerHostname}",
                "--publish", $"mode=ingress,published={lab.FreeTcpPort()},target=80", lab.Image);
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [target.Url], "drain-secret", LongPeriod);
            var running = await target.WaitForPostAsync(p => p.Service(name)?.Nodes.SequenceEqual([managerId]) == true, Patience, $"{name} running on the manager");
            var oldTask = (await lab.DockerAsync("service", "ps", name, "--filter", "desired-state=running", "--format", "{{.ID}}")).Trim();

            await lab.DockerAsync("service", "update", "--detach", "--force", name);
            var updated = DateTimeOffset.UtcNow;
            var drained = await target.WaitForPostAsync(p => p.Service(name)?.Nodes.Count == 0, BeforeThePeriod, $"{name} drained after update --force", running.Index + 1);
            var oldTaskState = (await lab.DockerAsync("inspect", "--type", "task", oldTask, "--format", "{{.DesiredState}} {{.Status.State}}")).Trim();
            Assert.Equal("shutdown running", oldTaskState);

            await lab.DockerAsync("service", "rm", name);
            var removed = DateTimeOffset.UtcNow;
            var gone = await target.WaitForPostAsync(p => !p.Has(name), BeforeThePeriod, $"{name} gone after rm", drained.Index + 1);
            var containers = await lab.DockerAsync("ps", "--filter", $"label=com.docker.swarm.service.name={name}", "--format", "{{.ID}}");
            Assert.False(string.IsNullOrWhiteSpace(containers), "The service's container had already stopped; the check proves nothing.");

            output.WriteLine($"drained {(drained.ReceivedAt - updated).TotalMilliseconds:0} ms after update --force, gone {(gone.ReceivedAt - removed).TotalMilliseconds:0} ms after rm; containers still running then: {containers.Trim().Replace('\n', ' ')}");
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    [Fact]
    public async Task An_unresponsive_target_listed_first_does_not_delay_the_healthy_one()
    {
        var name = SwarmLab.UniqueName("rt-iso");
        using var unresponsive = new UnresponsiveTarget();
        await using var healthy = await RecordingTarget.StartAsync();
        try
        {
            // A 20 s request timeout: delivering one target after the other would hold every change back that long.
            var environment = WatcherProcess.Environment(lab.DockerHost, [unresponsive.Url, healthy.Url], "iso-secret", LongPeriod);
            environment["DUPSTREAM_SERVICE_TIMEOUT"] = "20";
            await using var watcher = WatcherProcess.Start(environment);
            var first = await healthy.WaitForPostAsync(_ => true, Patience, "the first snapshot at the healthy target");
            await Eventually.UntilAsync(() => unresponsive.Accepted > 0, Patience, "the watcher to connect to the unresponsive target");

            await lab.CreateServiceAsync(new ServiceSpec(name) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            var created = DateTimeOffset.UtcNow;
            var listed = await healthy.WaitForPostAsync(p => p.Has(name), TimeSpan.FromSeconds(10), $"{name} at the healthy target", first.Index + 1);

            output.WriteLine($"healthy target had {name} {(listed.ReceivedAt - created).TotalMilliseconds:0} ms after create; the unresponsive one holds {unresponsive.Accepted} connection(s)");
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    [Fact]
    public async Task Each_target_sees_a_quick_run_of_changes_in_order_and_ends_with_the_last()
    {
        const int Updates = 8;
        var name = SwarmLab.UniqueName("rt-order");
        await using var engine = new CountingEngineProxy(lab.DockerHost);
        await using var first = await RecordingTarget.StartAsync();
        await using var second = await RecordingTarget.StartAsync();
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(name) { IngressPorts = [new(lab.FreeTcpPort(), 80)], Labels = new Dictionary<string, string> { ["seq"] = "0" } });
            await using var watcher = WatcherProcess.StartWatching(engine.DockerHost, [first.Url, second.Url], "order-secret", 0.5);
            await first.WaitForPostAsync(p => p.Has(name), Patience, $"{name} listed");

            // Each label update is a new service version and an event; they follow each other faster than a period.
            for (var seq = 1; seq <= Updates; seq++)
            {
                await lab.DockerAsync("service", "update", "--detach", "--label-add", $"seq={seq}", name);
            }

            foreach (var target in new[] { first, second })
            {
                await target.WaitForPostAsync(p => Seq(p, name) == Updates, Patience, $"seq={Updates} of {name}");
            }

            // Let the watcher go through several more listings: nothing older may arrive after the newest.
            await engine.WaitForMoreAsync("/tasks", 6, Patience);
            foreach (var target in new[] { first, second })
            {
                var seen = target.Posts.Select(p => Seq(p, name)).Where(s => s is not null).Select(s => s!.Value).ToList();
                Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.First <= pair.Second), $"seq went back: {string.Join(",", seen)}");
                Assert.Equal(Updates, seen[^1]);
                output.WriteLine($"{target.Url}: seq {string.Join(",", seen)}");
            }
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    private static int? Seq(ReceivedPost post, string service) =>
        post.Service(service)?.Labels.TryGetValue("seq", out var value) == true ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}

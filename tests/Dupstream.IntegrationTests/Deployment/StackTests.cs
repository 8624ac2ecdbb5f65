using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Dupstream.IntegrationTests.Watcher;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// deploy/stack.yml with our images on the lab swarm: the watcher on the manager, the receiver+nginx on node2. A
/// request to that containerised nginx reaches the swarm service 'web' (the site's example upstream) on each node,
/// and both tasks turn healthy through the images' HEALTHCHECK (the `health` subcommands).
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class StackTests(SwarmLab lab, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Web = "web";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public Task InitializeAsync() => DeployedImages.LoadOnEveryNodeAsync(lab);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_through_the_stacks_nginx_reaches_web_on_each_node_and_both_tasks_turn_healthy()
    {
        await lab.CreateServiceAsync(new ServiceSpec(Web) { Global = true, HostPort = lab.FreeTcpPort() });
        await using var stack = await StackDeployment.DeployAsync(lab, lab.Node2Hostname, lab.Node2Address, lab.Node2DockerHost);
        try
        {
            await Eventually.UntilAsync(
                async () => (await LabNodes.RunningOnAsync(lab, stack.WatcherService)).SetEquals([lab.ManagerHostname]), Patience, "the watcher on the manager");
            var upstream = await Eventually.UntilAsync(async () =>
            {
                var text = await stack.UpstreamTextAsync();
                return lab.NodeAddresses.All(a => text.Contains(a, StringComparison.Ordinal)) && text.Contains($"upstream {Web} ", StringComparison.Ordinal) ? text : null;
            }, Patience, $"upstream {Web} with every node in the receiver's file");
            output.WriteLine(upstream);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var nginx = new Uri($"http://{lab.Node2Address}/");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await Eventually.UntilAsync(async () =>
            {
                seen.Add((await http.GetStringAsync(nginx)).Trim());
                return seen.SetEquals([lab.ManagerHostname, lab.Node2Hostname]);
            }, Patience, $"answers from {Web} on both nodes through nginx at {nginx}");

            await Eventually.UntilAsync(
                async () => (await StackDeployment.StatusOnAsync(lab.DockerHost, stack.WatcherService)).EndsWith("(healthy)", StringComparison.Ordinal),
                Patience, "the watcher's task healthy");
            await Eventually.UntilAsync(
                async () => (await StackDeployment.StatusOnAsync(lab.Node2DockerHost, stack.ReceiverService)).EndsWith("(healthy)", StringComparison.Ordinal),
                Patience, "the receiver's task healthy");
        }
        finally
        {
            output.WriteLine((await DeployedImages.DockerOnAsync(lab.DockerHost, "service", "logs", "--raw", stack.WatcherService)).StandardOutput);
            await lab.RemoveServiceAsync(Web);
        }
    }
}

using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Lab;

/// <summary>Proves the lab is a working two-node swarm before other tests build on it.</summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmLabTests(SwarmLab lab) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task Every_node_of_the_lab_is_ready_under_its_own_hostname()
    {
        var statuses = await lab.NodeStatusesAsync();

        Assert.Equal(lab.NodeCount, statuses.Count);
        Assert.Equal("Ready", statuses[lab.ManagerHostname]);
        if (lab.NodeCount == 2)
        {
            Assert.Equal("Ready", statuses[lab.Node2Hostname]);
        }
    }

    [Fact]
    public async Task A_global_host_mode_service_answers_on_each_node_with_that_nodes_hostname_until_removed()
    {
        var name = SwarmLab.UniqueName("smoke-web");
        var port = lab.FreeTcpPort();
        var hostnames = new Dictionary<string, string> { [lab.ManagerAddress] = lab.ManagerHostname };
        if (lab.NodeCount == 2)
        {
            hostnames[lab.Node2Address] = lab.Node2Hostname;
        }

        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(name) { Global = true, HostPort = port });

            foreach (var (address, hostname) in hostnames)
            {
                var body = await Eventually.UntilAsync(
                    () => _http.GetStringAsync(new Uri($"http://{address}:{port}/"))!,
                    Timeout,
                    $"httpd of {name} answering on {address}:{port}");
                Assert.Equal(hostname, body.Trim());
            }

            await lab.RemoveServiceAsync(name);

            foreach (var address in hostnames.Keys)
            {
                await Eventually.UntilAsync(
                    async () => !await AnswersAsync(new Uri($"http://{address}:{port}/")),
                    Timeout,
                    $"{address}:{port} to stop answering after {name} was removed");
            }
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    [Fact]
    public async Task Scaling_a_replicated_service_changes_its_running_task_count()
    {
        var name = SwarmLab.UniqueName("smoke-scale");
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(name) { Replicas = 1, Labels = new Dictionary<string, string> { ["lab.smoke"] = "yes" } });
            await Eventually.UntilAsync(async () => await lab.RunningTaskCountAsync(name) == 1, Timeout, $"1 running task of {name}");

            await lab.ScaleAsync(name, 2);
            await Eventually.UntilAsync(async () => await lab.RunningTaskCountAsync(name) == 2, Timeout, $"2 running tasks of {name}");

            await lab.ScaleAsync(name, 0);
            await Eventually.UntilAsync(async () => await lab.RunningTaskCountAsync(name) == 0, Timeout, $"no running task of {name}");

            var labels = await lab.DockerAsync("service", "inspect", name, "--format", "{{index .Spec.Labels \"lab.smoke\"}}");
            Assert.Equal("yes", labels.Trim());
        }
        finally
        {
            await lab.RemoveServiceAsync(name);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<bool> AnswersAsync(Uri uri)
    {
        try
        {
            using var response = await _http.GetAsync(uri);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}

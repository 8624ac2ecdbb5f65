using System.Text.Json;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Dupstream.IntegrationTests.Watcher;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// The README's one way to run the watcher, with our image: <c>docker run -d --name=dupstream -e DUPSTREAM_SERVICE_URL=...
/// --volume=/var/run/docker.sock:/var/run/docker.sock dupstream/dupstream:latest</c>, on the lab's manager (whose
/// socket is mounted at /var/run/docker.sock), non-root in the socket's group and with a read-only root file system.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class DockerRunTests(SwarmLab lab, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => DeployedImages.LoadOnEveryNodeAsync(lab);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_readme_docker_run_line_informs_a_receiver_runs_as_non_root_and_turns_healthy()
    {
        var service = SwarmLab.UniqueName("dr-svc");
        var container = SwarmLab.UniqueName("dupstream");
        var httpPort = lab.FreeTcpPort();
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(service) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            var group = await DeployedImages.SocketGroupAsync(lab.DockerHost);
            // --network host: the lab has no bridge network; the receiver here listens on 127.0.0.1.
            var run = await DeployedImages.DockerOnAsync(lab.DockerHost,
                "run", "-d", $"--name={container}", "--network=host", "--read-only", $"--group-add={group}",
                "--health-interval=1s", "--health-start-period=0s",
                $"-e=DUPSTREAM_SERVICE_URL={target.Url}", $"-e=DUPSTREAM_SERVICE_SECRET={secret}", "-e=DUPSTREAM_PERIOD=1",
                $"-e=DUPSTREAM_HTTP_PORT={httpPort}",
                $"--volume={DeployedImages.SocketPath(lab.DockerHost)}:/var/run/docker.sock", DeployedImages.Watcher);
            run.OutputOrThrow();

            var post = await target.WaitForPostAsync(p => p.Has(service), Patience, $"a snapshot with {service} from the container");
            Assert.Equal(secret, post.Secret);
            Assert.Contains(post.Snapshot!.Nodes, n => n.Ip == lab.ManagerAddress);

            await Eventually.UntilAsync(
                async () => (await Inspect(container, "{{.State.Health.Status}}")) == "healthy", Patience, $"{container} healthy through its HEALTHCHECK");
            var pid = await Inspect(container, "{{.State.Pid}}");
            var uid = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            Assert.Equal("1654", uid.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        finally
        {
            output.WriteLine((await DeployedImages.DockerOnAsync(lab.DockerHost, "logs", container)).StandardError);
            await DeployedImages.DockerOnAsync(lab.DockerHost, "rm", "-f", container);
            await lab.RemoveServiceAsync(service);
        }
    }

    [Fact]
    public async Task Once_prints_the_snapshot_and_exits_0_and_without_an_engine_exits_1()
    {
        var service = SwarmLab.UniqueName("dr-once");
        try
        {
            await lab.CreateServiceAsync(new ServiceSpec(service) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
            await Eventually.UntilAsync(async () =>
            {
                var once = await RunOnce($"--volume={DeployedImages.SocketPath(lab.DockerHost)}:/var/run/docker.sock",
                    $"--group-add={await DeployedImages.SocketGroupAsync(lab.DockerHost)}");
                Assert.Equal(0, once.ExitCode);
                using var json = JsonDocument.Parse(once.StandardOutput);
                return json.RootElement.GetProperty("services").EnumerateArray().Any(s => s.GetProperty("Name").GetString() == service);
            }, Patience, $"--once in the container listing {service}");

            var noEngine = await RunOnce();
            Assert.Equal(1, noEngine.ExitCode);
            Assert.Contains("could not read the swarm", noEngine.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await lab.RemoveServiceAsync(service);
        }
    }

    [Fact]
    public async Task A_bad_setting_stops_either_container_at_start_with_exit_code_2_and_one_line_naming_it()
    {
        var watcher = await DeployedImages.DockerOnAsync(lab.DockerHost,
            "run", "--rm", "--network=host", "-e=DUPSTREAM_SERVICE_URL=http://127.0.0.1:9/lb", "-e=DUPSTREAM_PERIOD=soon", DeployedImages.Watcher);
        Assert.Equal(2, watcher.ExitCode);
        Assert.Contains("DUPSTREAM_PERIOD", watcher.StandardError, StringComparison.Ordinal);

        // The image's config reads the secret from /run/secrets/dupstream_secret: without that secret the receiver
        // refuses to start (nginx, started first, goes with the container).
        var receiver = await DeployedImages.DockerOnAsync(lab.Node2DockerHost,
            "run", "--rm", "--network=host", "--read-only", "--tmpfs=/run", "--tmpfs=/var/lib/nginx", "--tmpfs=/etc/nginx/dupstream", DeployedImages.Receiver);
        Assert.Equal(2, receiver.ExitCode);
        Assert.Contains("secret", receiver.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    private Task<CommandResult> RunOnce(params string[] mounts) =>
        DeployedImages.DockerOnAsync(lab.DockerHost, ["run", "--rm", "--network=host", "--read-only", .. mounts, DeployedImages.Watcher, "--once"]);

    private async Task<string> Inspect(string container, string format) =>
        (await DeployedImages.DockerOnAsync(lab.DockerHost, "inspect", "-f", format, container)).OutputOrThrow().Trim();
}

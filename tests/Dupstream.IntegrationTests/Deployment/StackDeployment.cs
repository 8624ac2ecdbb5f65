using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// A test copy of deploy/stack.yml deployed with <c>docker stack deploy</c> as its header says (secret, node label,
/// DUPSTREAM_DOCKER_GID), the receiver+nginx on one load-balancer node; removed again, with its secret and label.
/// </summary>
public sealed class StackDeployment : IAsyncDisposable
{
    /// <summary>Where the image's receiver config listens for snapshots.</summary>
    public const int ReceiverPort = 9080;
    public const string UpstreamFile = "/etc/nginx/dupstream/docker-upstream-default.conf";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly SwarmLab lab;
    private readonly string folder;

    private StackDeployment(SwarmLab lab, string name, StackSettings settings, string lbHostname, string lbDockerHost, string folder)
    {
        this.lab = lab;
        Name = name;
        Settings = settings;
        LbHostname = lbHostname;
        LbDockerHost = lbDockerHost;
        this.folder = folder;
    }

    public string Name { get; }

    public StackSettings Settings { get; }

    public string LbHostname { get; }

    public string LbDockerHost { get; }

    public string WatcherService => $"{Name}_dupstream";

    public string ReceiverService => $"{Name}_nginx";

    /// <summary>Deploys with the receiver on the node <paramref name="lbHostname"/> (address <paramref name="lbAddress"/>).</summary>
    public static async Task<StackDeployment> DeployAsync(SwarmLab lab, string lbHostname, string lbAddress, string lbDockerHost, int watcherReplicas = 1)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var name = SwarmLab.UniqueName("dss").Replace('-', '_');
        var settings = new StackSettings(new Uri($"http://{lbAddress}:{ReceiverPort}/lb"), lab.FreeTcpPort(), $"{name}_secret", $"{name}_lb",
            Path.Combine(Path.GetDirectoryName(DeployedImages.SocketPath(lab.DockerHost))!, "sockets"))
        {
            WatcherReplicas = watcherReplicas,
        };
        var folder = Directory.CreateTempSubdirectory("dupstream-stack-").FullName;
        var deployment = new StackDeployment(lab, name, settings, lbHostname, lbDockerHost, folder);
        var secretFile = Path.Combine(folder, "secret");
        await File.WriteAllTextAsync(secretFile, Guid.NewGuid().ToString("N"));
        await lab.DockerAsync("secret", "create", settings.SecretName, secretFile);
        await lab.DockerAsync("node", "update", "--label-add", $"{settings.LbLabel}=true", lbHostname);
        var stackFile = Path.Combine(folder, "stack.yml");
        await File.WriteAllTextAsync(stackFile, StackFile.ForLab(await File.ReadAllTextAsync(RepositoryRoot.Combine("deploy", "stack.yml")), settings));
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = lab.DockerHost,
            ["DUPSTREAM_DOCKER_GID"] = await DeployedImages.SocketGroupAsync(lab.DockerHost),
        };
        // The README's command; the images are on every node already (no registry to resolve them against).
        (await CommandRunner.RunAsync("/usr/bin/docker", ["stack", "deploy", "--resolve-image", "never", "-c", stackFile, name], environment, TimeSpan.FromMinutes(1)))
            .OutputOrThrow();
        return deployment;
    }

    /// <summary>The container's status line ("Up 5 seconds (healthy)") of the service's task on that engine, or "".</summary>
    public static async Task<string> StatusOnAsync(string dockerHost, string service)
    {
        var result = await DeployedImages.DockerOnAsync(dockerHost, "ps", "--filter", $"label=com.docker.swarm.service.name={service}", "--format", "{{.Status}}");
        return result.OutputOrThrow().Trim();
    }

    /// <summary>The upstream file the containerised receiver wrote, read inside its container.</summary>
    public async Task<string> UpstreamTextAsync()
    {
        var id = (await DeployedImages.DockerOnAsync(LbDockerHost, "ps", "-q", "--filter", $"label=com.docker.swarm.service.name={ReceiverService}"))
            .OutputOrThrow().Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (id is null)
        {
            return "";
        }

        var cat = await DeployedImages.DockerOnAsync(LbDockerHost, "exec", id, "cat", UpstreamFile);
        return cat.Succeeded ? cat.StandardOutput : "";
    }

    public async ValueTask DisposeAsync()
    {
        await DeployedImages.DockerOnAsync(lab.DockerHost, "stack", "rm", Name);
        // The secret can go once no task uses it any more.
        await Eventually.UntilAsync(
            async () => (await DeployedImages.DockerOnAsync(lab.DockerHost, "secret", "rm", Settings.SecretName)).Succeeded
                || !(await DeployedImages.DockerOnAsync(lab.DockerHost, "secret", "inspect", Settings.SecretName)).Succeeded,
            Patience, $"secret {Settings.SecretName} removed after stack rm {Name}");
        await Eventually.UntilAsync(
            async () => (await StatusOnAsync(LbDockerHost, ReceiverService)).Length == 0, Patience, $"{ReceiverService}'s container gone");
        await DeployedImages.DockerOnAsync(lab.DockerHost, "node", "update", "--label-rm", Settings.LbLabel, LbHostname);
        Directory.Delete(folder, recursive: true);
    }
}

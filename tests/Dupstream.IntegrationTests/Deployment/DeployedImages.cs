using Dupstream.IntegrationTests.Lab;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// The images deploy/Dockerfile.watcher and deploy/Dockerfile.nginx build. scripts/build-images.sh builds them (or
/// takes them from its cache) and loads them on every node of the lab; ./test.sh runs it before the tests, and
/// running it again here is quick (a cache hit only loads what a node lacks, e.g. a manager added by a test).
/// </summary>
public static class DeployedImages
{
    public const string Watcher = "dupstream/dupstream:latest";
    public const string Receiver = "dupstream/nginx:latest";
    private const string DockerCli = "/usr/bin/docker";

    // A cold build (no cache on a fresh machine) compiles both binaries with Native AOT.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan DockerTimeout = TimeSpan.FromMinutes(2);

    public static async Task LoadOnEveryNodeAsync(SwarmLab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var result = await CommandRunner.RunAsync(
            RepositoryRoot.Combine("scripts", "build-images.sh"), [],
            new Dictionary<string, string> { ["DUPSTREAM_LAB_NAME"] = lab.LabName }, BuildTimeout).ConfigureAwait(false);
        result.OutputOrThrow();
    }

    /// <summary>The docker CLI against one node's engine; the caller checks the exit code.</summary>
    public static Task<CommandResult> DockerOnAsync(string dockerHost, params string[] args) =>
        CommandRunner.RunAsync(DockerCli, args, new Dictionary<string, string> { ["DOCKER_HOST"] = dockerHost }, DockerTimeout);

    /// <summary>The socket file behind a unix:// DOCKER_HOST (what a container mounts at /var/run/docker.sock).</summary>
    public static string SocketPath(string dockerHost) =>
        dockerHost.StartsWith("unix://", StringComparison.Ordinal) ? dockerHost["unix://".Length..] : throw new ArgumentException($"not a unix socket: {dockerHost}");

    /// <summary>The group id owning the engine's socket: what a non-root watcher container needs (--group-add).</summary>
    public static async Task<string> SocketGroupAsync(string dockerHost) =>
        (await CommandRunner.RunAsync("/usr/bin/stat", ["-c", "%g", SocketPath(dockerHost)], new Dictionary<string, string>(), DockerTimeout)
            .ConfigureAwait(false)).OutputOrThrow().Trim();
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet;

namespace Dupstream.IntegrationTests.Lab;

/// <summary>
/// A real Docker Swarm (manager + one worker in its own network namespace) for integration tests.
/// If DUPSTREAM_LAB_ENV names a lab.env (./test.sh starts the lab before dotnet test), that lab is used
/// and left running. Otherwise this fixture runs scripts/lab.sh up itself and tears the lab down
/// afterwards, unless lab.sh reported that it reused a lab someone had already started.
/// </summary>
public sealed class SwarmLab : IAsyncLifetime
{
    public const string LabEnvVariable = "DUPSTREAM_LAB_ENV";
    private const string OwnLabName = "dsl";
    private const string DockerCli = "/usr/bin/docker";
    private const int FirstPort = 20000;
    private const int LastPort = 29999;

    private static readonly TimeSpan LabScriptTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan DockerTimeout = TimeSpan.FromMinutes(1);

    // Ports handed out in this process: a port stays taken even before its service has started listening.
    private static readonly ConcurrentDictionary<int, bool> HandedOutPorts = new();

    private bool _ownsLab;
    private Dictionary<string, string> _env = new(StringComparer.Ordinal);

    /// <summary>unix:///tmp/…/m.sock of the manager engine.</summary>
    public string DockerHost => Setting("DOCKER_HOST");

    public string ManagerAddress => Setting("LAB_MANAGER_ADDR");

    public string ManagerHostname => Setting("LAB_MANAGER_HOSTNAME");

    /// <summary>Empty when the lab runs a single node.</summary>
    public string Node2Address => _env.GetValueOrDefault("LAB_NODE2_ADDR", "");

    public string Node2Hostname => _env.GetValueOrDefault("LAB_NODE2_HOSTNAME", "");

    public string Node2DockerHost => _env.GetValueOrDefault("LAB_NODE2_DOCKER_HOST", "");

    public int NodeCount => int.Parse(Setting("LAB_NODES"), CultureInfo.InvariantCulture);

    public string Image => Setting("LAB_IMAGE");

    public string LabName => Setting("LAB_NAME");

    /// <summary>tcp://127.0.0.1:port where the manager engine also listens with mutual TLS (--tlsverify).</summary>
    public string TlsDockerHost => Setting("LAB_TLS_DOCKER_HOST");

    /// <summary>Folder with the client's ca.pem, cert.pem and key.pem for <see cref="TlsDockerHost"/> (DOCKER_CERT_PATH).</summary>
    public string TlsCertPath => Setting("LAB_TLS_CERT_PATH");

    public string EnvFile { get; private set; } = "";

    /// <summary>Addresses of all nodes, manager first.</summary>
    public IReadOnlyList<string> NodeAddresses =>
        string.IsNullOrEmpty(Node2Address) ? [ManagerAddress] : [ManagerAddress, Node2Address];

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(LabEnvVariable);
        if (!string.IsNullOrEmpty(external))
        {
            if (!File.Exists(external))
            {
                throw new InvalidOperationException(
                    $"{LabEnvVariable}={external} but that file does not exist; start the lab (scripts/lab.sh up) or unset {LabEnvVariable}.");
            }

            EnvFile = external;
        }
        else
        {
            var result = await RunLabScriptAsync("up").ConfigureAwait(false);
            result.OutputOrThrow();
            // A lab the developer started by hand stays up for the next run.
            _ownsLab = !result.StandardOutput.Contains("reusing", StringComparison.Ordinal);
            EnvFile = $"/tmp/{OwnLabName}/lab.env";
        }

        _env = ReadEnvFile(EnvFile);
        foreach (var required in new[] { "DOCKER_HOST", "LAB_MANAGER_ADDR", "LAB_NODES", "LAB_IMAGE", "LAB_NAME" })
        {
            Setting(required);
        }
    }

    public async Task DisposeAsync()
    {
        if (_ownsLab)
        {
            (await RunLabScriptAsync("down").ConfigureAwait(false)).OutputOrThrow();
        }
    }

    /// <summary>Runs /usr/bin/docker against the manager; throws with exit code and stderr on failure.</summary>
    public async Task<string> DockerAsync(params string[] args) =>
        (await RunDockerAsync(args).ConfigureAwait(false)).OutputOrThrow();

    /// <summary>Runs /usr/bin/docker against node2's own engine (container-level views exist only there).</summary>
    public async Task<string> DockerOnNode2Async(params string[] args)
    {
        if (string.IsNullOrEmpty(Node2DockerHost))
        {
            throw new InvalidOperationException("The lab runs a single node; there is no node2 engine.");
        }

        var result = await CommandRunner.RunAsync(
            DockerCli, args, new Dictionary<string, string> { ["DOCKER_HOST"] = Node2DockerHost }, DockerTimeout).ConfigureAwait(false);
        return result.OutputOrThrow();
    }

    /// <summary>Runs scripts/lab.sh for this lab (e.g. "node2-link", "down" or "restart-manager").</summary>
    public async Task<string> LabAsync(params string[] args)
    {
        var result = await CommandRunner.RunAsync(
            RepositoryRoot.Combine("scripts", "lab.sh"), args, LabScriptEnvironment(LabName), LabScriptTimeout).ConfigureAwait(false);
        return result.OutputOrThrow();
    }

    /// <summary>A Docker.DotNet client for the manager engine; the caller disposes it.</summary>
    public DockerClient CreateClient() =>
        new DockerClientBuilder().WithEndpoint(new Uri(DockerHost)).Build();

    /// <summary>A service name no other test (or earlier run on a reused lab) uses.</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>
    /// A TCP port in 20000–29999 that nothing listens on in the root namespace (loopback and the
    /// manager's address) nor on node2, and that this process has not handed out before.
    /// </summary>
    public int FreeTcpPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(FirstPort, LastPort + 1);
            if (!HandedOutPorts.TryAdd(port, true))
            {
                continue;
            }

            if (CanBindEverywhereInRootNamespace(port) && NothingListensOnNode2(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port found in {FirstPort}–{LastPort} after 200 tries.");
    }

    /// <summary>Creates the service (detached) and returns its id; replaces a leftover service of the same name.</summary>
    public async Task<string> CreateServiceAsync(ServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await RemoveServiceAsync(spec.Name).ConfigureAwait(false);
        var output = await DockerAsync([.. spec.ToCreateArguments(Image)]).ConfigureAwait(false);
        return output.Trim();
    }

    /// <summary>Removes the service; a service that does not exist counts as removed.</summary>
    public async Task RemoveServiceAsync(string name)
    {
        var result = await RunDockerAsync(["service", "rm", name]).ConfigureAwait(false);
        if (!result.Succeeded && !IsNotFound(result))
        {
            result.OutputOrThrow();
        }
    }

    public async Task ScaleAsync(string name, int replicas) =>
        await DockerAsync("service", "scale", "--detach", $"{name}={replicas.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);

    /// <summary>
    /// Tasks of the service that should run and report Running. (A task on a node that went Down keeps
    /// reporting Running; cross-check node state where that matters.)
    /// </summary>
    public async Task<int> RunningTaskCountAsync(string name)
    {
        var result = await RunDockerAsync(
            ["service", "ps", name, "--filter", "desired-state=running", "--format", "{{.CurrentState}}"]).ConfigureAwait(false);
        if (!result.Succeeded && IsNotFound(result))
        {
            return 0;
        }

        return result.OutputOrThrow()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(state => state.StartsWith("Running", StringComparison.Ordinal));
    }

    /// <summary>Hostname and status ("Ready", "Down", …) of every node, as the manager sees them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NodeStatusesAsync()
    {
        var output = await DockerAsync("node", "ls", "--format", "{{.Hostname}} {{.Status}}").ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
    }

    private static bool IsNotFound(CommandResult result) =>
        result.StandardError.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || result.StandardError.Contains("No such service", StringComparison.OrdinalIgnoreCase);

    private Task<CommandResult> RunDockerAsync(string[] args) =>
        CommandRunner.RunAsync(DockerCli, args, new Dictionary<string, string> { ["DOCKER_HOST"] = DockerHost }, DockerTimeout);

    private static Task<CommandResult> RunLabScriptAsync(string command) =>
        CommandRunner.RunAsync(RepositoryRoot.Combine("scripts", "lab.sh"), [command], LabScriptEnvironment(OwnLabName), LabScriptTimeout);

    private static Dictionary<string, string> LabScriptEnvironment(string labName) =>
        new() { ["DUPSTREAM_LAB_NAME"] = labName };

    private static bool CanBindEverywhereInRootNamespace(int port)
    {
        // Binding the wildcard address fails if anything listens on the port on any local address,
        // which covers loopback and the manager's lab address.
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, port));
            listener.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private bool NothingListensOnNode2(int port)
    {
        if (string.IsNullOrEmpty(Node2Address))
        {
            return true;
        }

        // node2's address is not local to this namespace, so probe it: a refused connection means free.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var connect = client.ConnectAsync(IPAddress.Parse(Node2Address), port);
            if (!connect.Wait(TimeSpan.FromSeconds(2)))
            {
                return false; // no answer at all: do not trust the port
            }

            return false; // something accepted the connection
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return true;
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    private string Setting(string key) =>
        _env.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new InvalidOperationException($"The lab env file '{EnvFile}' has no value for {key}.");

    private static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.TrimStart().StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
}

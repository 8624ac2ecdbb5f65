namespace Dupstream.IntegrationTests.Lab;

/// <summary>
/// The few service shapes the tests need. With <see cref="HostPort"/> set the service runs busybox httpd
/// on the host network, listening on that port and serving the node's hostname, so traffic really
/// reaches each node that runs a task. Without it the task just sleeps.
/// </summary>
public sealed record ServiceSpec(string Name)
{
    /// <summary>One task per node instead of <see cref="Replicas"/>.</summary>
    public bool Global { get; init; }

    public int Replicas { get; init; } = 1;

    /// <summary>Host-mode published port the task's httpd listens on (published = target).</summary>
    public int? HostPort { get; init; }

    public IReadOnlyList<IngressPort> IngressPorts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Run only on the node with this hostname (node.hostname constraint).</summary>
    public string? NodeHostname { get; init; }

    /// <summary>The docker CLI arguments that create this service.</summary>
    public IReadOnlyList<string> ToCreateArguments(string image)
    {
        if (HostPort is not null && IngressPorts.Count > 0)
        {
            throw new ArgumentException($"Service '{Name}': a host-network service cannot also publish ingress ports.");
        }

        if (!Global && Replicas < 0)
        {
            throw new ArgumentException($"Service '{Name}': replicas must be 0 or more, got {Replicas}.");
        }

        var args = new List<string>
        {
            "service", "create", "--detach", "--no-resolve-image", "--name", Name,
            // httpd as PID 1 ignores SIGTERM; without this every removal waits the default 10 s.
            "--stop-grace-period", "1s",
        };
        args.AddRange(Global ? ["--mode", "global"] : ["--replicas", Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var (key, value) in Labels)
        {
            args.AddRange(["--label", $"{key}={value}"]);
        }

        if (NodeHostname is not null)
        {
            args.AddRange(["--constraint", $"node.hostname=={NodeHostname}"]);
        }

        foreach (var port in IngressPorts)
        {
            args.AddRange(["--publish", $"mode=ingress,published={port.Published},target={port.Target},protocol={port.Protocol}"]);
        }

        if (HostPort is { } hostPort)
        {
            args.AddRange(["--network", "host", "--publish", $"mode=host,published={hostPort},target={hostPort}"]);
            args.Add(image);
            args.AddRange(["/bin/sh", "-c", $"hostname > /www/index.html; exec httpd -f -p {hostPort} -h /www"]);
        }
        else
        {
            args.Add(image);
        }

        return args;
    }
}

using Dupstream.IntegrationTests.Lab;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>What the engine itself says about nodes and tasks, to check the watcher's snapshot against.</summary>
public static class LabNodes
{
    /// <summary>Node ID by hostname, from <c>docker node ls</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> IdsByHostnameAsync(SwarmLab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var output = await lab.DockerAsync("node", "ls", "--format", "{{.Hostname}} {{.ID}}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    /// <summary>Hostnames of the nodes running a task of the service that should run and does.</summary>
    public static async Task<IReadOnlySet<string>> RunningOnAsync(SwarmLab lab, string service)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var output = await lab.DockerAsync("service", "ps", service, "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split(' ', 2))
            .Where(parts => parts.Length == 2 && parts[1].StartsWith("Running", StringComparison.Ordinal))
            .Select(parts => parts[0])
            .ToHashSet(StringComparer.Ordinal);
    }
}

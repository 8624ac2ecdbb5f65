using Dupstream.IntegrationTests.Lab;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// Two more managers for one test class (scripts/lab.sh add-managers 2), each in its own network namespace, with
/// the images loaded on them; removed again afterwards, so every other test keeps its two-node swarm.
/// </summary>
public sealed class ExtraManagers : IAsyncLifetime
{
    /// <summary>The lab of the collection (the same lab.env: this fixture starts no lab of its own).</summary>
    public SwarmLab Lab { get; } = new();

    /// <summary>Added managers by node number (3, 4): hostname, address and engine.</summary>
    public IReadOnlyList<LabManager> Managers { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Lab.InitializeAsync();
        await Lab.LabAsync("add-managers", "2");
        var env = (await Lab.LabAsync("env")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Split(','), StringComparer.Ordinal);
        Managers = env["LAB_EXTRA_MANAGERS"]
            .Select((k, i) => new LabManager(int.Parse(k, System.Globalization.CultureInfo.InvariantCulture),
                env["LAB_EXTRA_MANAGER_HOSTNAMES"][i], env["LAB_EXTRA_MANAGER_ADDRS"][i], env["LAB_EXTRA_MANAGER_DOCKER_HOSTS"][i]))
            .ToList();
        await DeployedImages.LoadOnEveryNodeAsync(Lab);
    }

    public async Task DisposeAsync()
    {
        await Lab.LabAsync("remove-managers");
        await Lab.DisposeAsync();
    }
}

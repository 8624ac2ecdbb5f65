using Dupstream.Configuration;
using Dupstream.Targets;

namespace Dupstream.Hosting;

/// <summary>
/// The description --help prints. The shared variables are written here; each target kind's come from the kind
/// (<see cref="ITargetKind.Variables"/>), one line a kind, so a new kind is in --help without an edit here.
/// </summary>
internal static class HelpText
{
    public static string Describe(IReadOnlyList<ITargetKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var kindNames = string.Join(", ", kinds.Select(kind => kind.Name));
        var kindLines = kinds.Select(kind => $"  {kind.Name}: {string.Join(", ", kind.Variables.Select(Describe))}.\n");
        return "dupstream: watches a Docker Swarm and POSTs its nodes and published services as JSON to the URLs in DUPSTREAM_SERVICE_URL,\n"
            + "and/or keeps a Consul catalog in step with it.\n"
            + $"Environment: {EnvironmentNames.Service} (target kinds separated by ',' among {kindNames}; default {TargetKinds.Default.Name}),\n"
            + $"{EnvironmentNames.Period} (seconds, default {TimingSettings.DefaultPeriod.TotalSeconds}), "
            + $"{EnvironmentNames.ServiceTimeout} (seconds, default {TimingSettings.DefaultRequestTimeout.TotalSeconds}), "
            + $"{EnvironmentNames.DockerHost}, {EnvironmentNames.DockerTlsVerify}, {EnvironmentNames.DockerCertPath}.\n"
            + "Each target kind reads its own:\n"
            + string.Concat(kindLines)
            + "Exit codes: 0 done, 1 --once could not read the swarm, 2 bad flags or configuration.\n"
            + "dupstream health: asks the running watcher's /healthz; exit 0 healthy, 1 not.";
    }

    private static string Describe(TargetVariable variable) =>
        variable.Help.Length == 0 ? variable.Name : $"{variable.Name} ({variable.Help})";
}

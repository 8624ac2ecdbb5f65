using Dupstream.Configuration;

namespace Dupstream.Targets.Consul;

/// <summary>"consul": keep a Consul catalog in step with the swarm. Reads CONSUL_HTTP_ADDR, CONSUL_HTTP_SSL, CONSUL_HTTP_TOKEN(_FILE) and CONSUL_CACERT.</summary>
internal sealed class ConsulTargetKind : ITargetKind
{
    public const string KindName = "consul";

    public string Name => KindName;

    public IReadOnlyList<TargetVariable> Variables => ConsulVariables.All;

    // --once only prints the snapshot, so it needs no Consul either.
    public ITargetSettings? Read(SettingsSource source, bool selected, CommandLineFlags flags, ConfigurationProblems problems)
    {
        ArgumentNullException.ThrowIfNull(flags);
        return selected && !flags.Once ? ConsulSettingsReader.Read(source, problems) : null;
    }
}

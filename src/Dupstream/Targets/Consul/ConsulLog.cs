using Microsoft.Extensions.Logging;

namespace Dupstream.Targets.Consul;

/// <summary>Consul sink log lines (event ids 600-699; stable, tests and operators match on them).</summary>
internal static partial class ConsulLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information,
        Message = "Consul catalog reconciled with snapshot {Fingerprint}: {Registrations} registrations, {Deregistrations} deregistrations; it holds {Nodes} swarm nodes and {Instances} service instances")]
    public static partial void Reconciled(this ILogger logger, string fingerprint, int registrations, int deregistrations, int nodes, int instances);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Consul: {Write}")]
    public static partial void CatalogWritten(this ILogger logger, string write);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "{Notice}")]
    public static partial void CatalogNotice(this ILogger logger, string notice);
}

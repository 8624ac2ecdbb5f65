namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>Which recorded service (and its task) a generated service is cut from.</summary>
public enum ServiceKind
{
    /// <summary>Like the recorded <c>api</c>: one host-mode port, three labels.</summary>
    HostPort,

    /// <summary>Like the recorded <c>edge</c>: two ingress ports and a virtual IP.</summary>
    Ingress,

    /// <summary>Like the recorded <c>worker</c>: no published port.</summary>
    NoPorts,
}

namespace Dupstream.Configuration;

/// <summary>DUPSTREAM_SERVICE: where snapshots go. Both at once when the value is "http,consul".</summary>
[Flags]
internal enum ServiceKinds
{
    None = 0,

    /// <summary>POST the snapshot as JSON to DUPSTREAM_SERVICE_URL.</summary>
    Http = 1,

    /// <summary>Keep a Consul catalog in step with the swarm.</summary>
    Consul = 2,
}

namespace Dupstream.IntegrationTests.Lab;

/// <summary>
/// A port published through the ingress routing mesh. The mesh does not forward traffic in the lab
/// (no IPVS, iptables off), so such ports only give the engine's API the right shape.
/// </summary>
public sealed record IngressPort(int Published, int Target, string Protocol = "tcp");

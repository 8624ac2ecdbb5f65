namespace Dupstream.Configuration;

/// <summary>Where the Docker engine is and how to authenticate to it (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH).</summary>
internal sealed record EngineEndpoint(Uri Address, bool TlsVerify, string? CertPath)
{
    public static readonly Uri DefaultAddress = new("unix:///var/run/docker.sock");

    public static EngineEndpoint Default { get; } = new(DefaultAddress, false, null);

    public override string ToString() =>
        TlsVerify ? $"{Address} (TLS, certificates from {CertPath})" : Address.ToString();
}

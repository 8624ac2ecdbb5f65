using Docker.DotNet;
using Docker.DotNet.X509;
using Dupstream.Configuration;

namespace Dupstream.Docker;

/// <summary>Builds the library's client for DOCKER_HOST, with the docker CLI's TLS files when DOCKER_TLS_VERIFY is set.</summary>
internal static class DockerClientFactory
{
    // Listings of a large cluster take seconds to deserialize; a stuck engine must still not hang a refresh forever.
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static DockerClient Create(EngineEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = new DockerClientBuilder()
            .WithEndpoint(endpoint.Address)
            .WithTimeout(RequestTimeout);
        if (endpoint.TlsVerify && endpoint.CertPath is not null)
        {
            var certificates = DockerTlsCertificates.LoadFromDirectory(endpoint.CertPath, true, "ca.pem", "cert.pem", "key.pem");
            builder = builder.WithAuthProvider(certificates.CreateCredentials());
        }

        return builder.Build();
    }
}

using System.Net;

namespace Dupstream.Nginx.Configuration;

/// <summary>Where and how the receiver listens: the endpoint path, address, port and HTTPS pair.</summary>
internal sealed record ListeningSettings
{
    public string Endpoint { get; init; } = "/lb";

    public int Port { get; init; } = 9080;

    /// <summary>Null means every interface, as the original's <c>app.listen(port)</c>.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>PEM certificate chain for HTTPS; null (with <see cref="TlsKeyPath"/>) means plain HTTP.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM private key matching <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    public bool UsesTls => TlsCertificatePath is not null;
}

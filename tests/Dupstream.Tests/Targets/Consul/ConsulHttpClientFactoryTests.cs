using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dupstream.Targets.Consul;

namespace Dupstream.Tests.Targets.Consul;

/// <summary>CONSUL_CACERT: a server certificate issued by the extra CA is trusted; a wrong host name never is.</summary>
public sealed class ConsulHttpClientFactoryTests : IDisposable
{
    private readonly X509Certificate2 ca = CreateCa("CN=consul-test-ca");
    private readonly X509Certificate2 otherCa = CreateCa("CN=other-ca");

    public void Dispose()
    {
        ca.Dispose();
        otherCa.Dispose();
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private X509Certificate2 Leaf()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=consul.internal", key, HashAlgorithmName.SHA256);
        return request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
    }

    [Fact]
    public void A_chain_ending_in_the_extra_ca_is_trusted()
    {
        using var leaf = Leaf();

        Assert.True(ConsulHttpClientFactory.Trusted(leaf, SslPolicyErrors.RemoteCertificateChainErrors, [ca]));
        Assert.False(ConsulHttpClientFactory.Trusted(leaf, SslPolicyErrors.RemoteCertificateChainErrors, [otherCa]));
    }

    [Fact]
    public void A_name_mismatch_or_a_missing_certificate_is_never_trusted()
    {
        using var leaf = Leaf();

        Assert.False(ConsulHttpClientFactory.Trusted(leaf, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, [ca]));
        Assert.False(ConsulHttpClientFactory.Trusted(null, SslPolicyErrors.RemoteCertificateNotAvailable, [ca]));
        Assert.True(ConsulHttpClientFactory.Trusted(leaf, SslPolicyErrors.None, []));
    }
}

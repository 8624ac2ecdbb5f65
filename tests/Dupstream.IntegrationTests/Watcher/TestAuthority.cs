using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// A certificate authority made by the test (never trusted by the machine), issuing server certificates for
/// 127.0.0.1: what a private CA in front of the receivers looks like.
/// </summary>
public sealed class TestAuthority : IDisposable
{
    private readonly RSA key = RSA.Create(2048);

    public TestAuthority(string name)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM, as DUPSTREAM_CA_FILE expects it.</summary>
    public string Pem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>A server certificate for 127.0.0.1 (with its private key), ready for Kestrel.</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(serverKey);

        // Through PKCS#12 so the key is a persisted one, which every TLS stack accepts for a server.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        key.Dispose();
    }
}

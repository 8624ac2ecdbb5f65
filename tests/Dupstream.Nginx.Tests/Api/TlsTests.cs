using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Api;

/// <summary>HTTPS with a certificate made by the test, trusted by pinning it in the client.</summary>
public sealed class TlsTests
{
    /// <summary>A self-signed certificate for 127.0.0.1, written as PEM certificate and PKCS#8 key files.</summary>
    internal static X509Certificate2 WritePem(TempDirectory dir, string certificateName = "cert.pem", string keyName = "key.pem")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dupstream-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(dir.File(certificateName), certificate.ExportCertificatePem());
        File.WriteAllText(dir.File(keyName), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    [Fact]
    public async Task TheReceiverAnswersOverHttpsWithTheConfiguredCertificateAndNotOverPlainHttp()
    {
        var dir = new TempDirectory();
        using var pinned = WritePem(dir);
        var seen = new List<string>();
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    seen.Add(certificate?.GetCertHashString() ?? "none");
                    return certificate is not null && certificate.GetCertHashString() == pinned.GetCertHashString();
                },
            },
        };
        await using var receiver = await RunningReceiver.StartAsync(
            new JsonObject { ["tls_certificate"] = "./cert.pem", ["tls_key"] = "./key.pem" },
            handler: handler,
            directory: dir);

        Assert.Equal("https", receiver.Client.BaseAddress!.Scheme);
        using var content = new ByteArrayContent(SnapshotJson.Serialize(Snapshots.Web(8443)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = content };
        request.Headers.Add("X-SECRET", "s3cret");
        using var response = await receiver.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(":8443;", File.ReadAllText(receiver.Dir.File("default.conf")), StringComparison.Ordinal);
        Assert.Equal([pinned.GetCertHashString()], seen.Distinct());

        // The same port does not speak plain HTTP.
        using var plain = new HttpClient { BaseAddress = new UriBuilder(receiver.Client.BaseAddress) { Scheme = "http" }.Uri, Timeout = TimeSpan.FromSeconds(10) };
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => plain.GetAsync(new Uri("/healthz", UriKind.Relative)));
        Assert.True(failed is HttpRequestException or TaskCanceledException, failed.ToString());
    }
}

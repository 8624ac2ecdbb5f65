using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Lab;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// Issue 6, TLS on both of the watcher's connections, with certificates made here: an https target behind a private CA
/// (DUPSTREAM_CA_FILE), and the lab's manager engine on a loopback tcp port with mutual TLS (DOCKER_TLS_VERIFY,
/// DOCKER_CERT_PATH), which scripts/lab.sh sets up.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class WatcherTlsTests(SwarmLab lab, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dupstream-tls-tests-");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public async Task An_https_target_signed_by_a_private_ca_is_refused_with_a_clear_tls_error_and_retried_until_the_ca_file_trusts_it()
    {
        using var authority = new TestAuthority("dupstream-test-private-ca");
        using var certificate = authority.IssueServerCertificate();
        await using var target = await RecordingTarget.StartAsync(certificate);
        var caFile = Path.Combine(directory.FullName, "receivers-ca.pem");
        await File.WriteAllTextAsync(caFile, authority.Pem);
        const string Secret = "tls-test-secret";

        // Without the CA file the system's roots do not know the CA: every attempt fails in the handshake, and is retried.
        await using (var untrusting = WatcherProcess.StartWatching(lab.DockerHost, [target.Url], Secret, 0.5))
        {
            var retried = await untrusting.WaitForLogAsync(l => l.Contains("attempt 2,", StringComparison.Ordinal), Patience, "a second failed attempt");
            Assert.Contains("TLS handshake failed", retried, StringComparison.Ordinal);
            Assert.Contains("DUPSTREAM_CA_FILE", retried, StringComparison.Ordinal);
            Assert.Equal(0, target.Count);
            output.WriteLine(retried);
        }

        var environment = WatcherProcess.Environment(lab.DockerHost, [target.Url], Secret, 0.5);
        environment["DUPSTREAM_CA_FILE"] = caFile;
        await using var trusting = WatcherProcess.Start(environment);
        var post = await target.WaitForPostAsync(p => p.Snapshot is not null, Patience, "a snapshot over https");

        Assert.Equal(Secret, post.Secret);
        var (signedAt, signature) = RequestSignature.Parse(post.Signature!);
        Assert.True(RequestSignature.Verify(Secret, signedAt, post.Body, signature));
        Assert.DoesNotContain("failed", trusting.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_reads_the_swarm_from_the_engine_over_mutual_tls()
    {
        await using var watcher = WatcherProcess.Start(TlsEnvironment(lab.TlsCertPath), "--once");

        Assert.Equal(0, await watcher.WaitForExitAsync(Patience));
        var snapshot = SnapshotJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(watcher.StandardOutput))!;
        Assert.Contains(snapshot.Nodes, n => n.Name == lab.ManagerHostname && n.Ip == lab.ManagerAddress);
        Assert.Equal(lab.NodeCount, snapshot.Nodes.Count);
    }

    [Fact]
    public async Task A_cert_path_without_the_client_files_stops_at_start_naming_the_setting()
    {
        var empty = Directory.CreateDirectory(Path.Combine(directory.FullName, "empty")).FullName;
        await using var watcher = WatcherProcess.Start(TlsEnvironment(empty), "--once");

        Assert.Equal(2, await watcher.WaitForExitAsync(Patience));
        Assert.Empty(watcher.StandardOutput);
        Assert.Equal($"dupstream: DOCKER_CERT_PATH: '{empty}' lacks ca.pem, cert.pem, key.pem (needed because DOCKER_TLS_VERIFY is set).", watcher.StandardError.Trim());
    }

    [Fact]
    public async Task Certificates_of_another_ca_fail_the_handshake_with_a_clear_message_and_exit_code_1()
    {
        var foreign = WriteForeignClientFiles();
        await using var watcher = WatcherProcess.Start(TlsEnvironment(foreign), "--once");

        Assert.Equal(1, await watcher.WaitForExitAsync(Patience));
        Assert.Empty(watcher.StandardOutput);
        var error = watcher.StandardError.Trim();
        Assert.StartsWith("dupstream: could not read the swarm:", error, StringComparison.Ordinal);
        Assert.Contains("SSL", error, StringComparison.OrdinalIgnoreCase);
        output.WriteLine(error);
    }

    private Dictionary<string, string> TlsEnvironment(string certPath) => new()
    {
        ["DOCKER_HOST"] = lab.TlsDockerHost,
        ["DOCKER_TLS_VERIFY"] = "1",
        ["DOCKER_CERT_PATH"] = certPath,
    };

    /// <summary>ca.pem, cert.pem and key.pem in the docker CLI's layout, all from a CA the engine has never seen.</summary>
    private string WriteForeignClientFiles()
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory.FullName, "foreign")).FullName;
        using var authority = new TestAuthority("not-the-lab-ca");
        using var clientKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=stranger", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var client = request.Create(authority.Certificate, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), [7, 7, 7, 7]);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), authority.Pem);
        File.WriteAllText(Path.Combine(folder, "cert.pem"), client.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(folder, "key.pem"), clientKey.ExportPkcs8PrivateKeyPem() + "\n");
        return folder;
    }
}

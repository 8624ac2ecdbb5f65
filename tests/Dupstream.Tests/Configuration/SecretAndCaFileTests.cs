using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dupstream.Configuration;
using Dupstream.Hosting;
using Dupstream.Targets.Http;

namespace Dupstream.Tests.Configuration;

/// <summary>DUPSTREAM_SERVICE_SECRET_FILE (Docker secrets convention) and DUPSTREAM_CA_FILE, on real files.</summary>
public sealed class SecretAndCaFileTests : IDisposable
{
    private const string Url = "https://127.0.0.1:9443/lb";

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dupstream-secret-tests-");

    public void Dispose() => directory.Delete(recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static ConfigurationResult Read(Dictionary<string, string?> environment) =>
        WatcherConfigurationReader.Read(environment, CommandLineFlags.None);

    private static async Task<(int Code, string Out, string Err)> RunAsync(Dictionary<string, string?> environment)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await DupstreamProgram.RunAsync([], environment, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("from-file\n")]
    [InlineData("from-file\r\n")]
    [InlineData("from-file")]
    public void The_secret_file_is_read_with_its_trailing_newline_trimmed(string content)
    {
        var path = WriteFile("secret", content);

        var result = Read(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET_FILE"] = path });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("from-file", result.Configuration!.Target<HttpTargetSettings>()!.Secret);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Spaces_inside_and_around_the_secret_are_part_of_it()
    {
        var path = WriteFile("secret", " two words \n");

        var result = Read(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET_FILE"] = path });

        Assert.Equal(" two words ", result.Configuration!.Target<HttpTargetSettings>()!.Secret);
    }

    [Fact]
    public async Task A_secret_given_both_ways_stops_with_exit_code_2_naming_both_variables_and_not_the_secret()
    {
        var path = WriteFile("secret", "file-secret-value\n");

        var (code, output, error) = await RunAsync(new()
        {
            ["DUPSTREAM_SERVICE_URL"] = Url,
            ["DUPSTREAM_SERVICE_SECRET"] = "env-secret-value",
            ["DUPSTREAM_SERVICE_SECRET_FILE"] = path,
        });

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal(
            "dupstream: DUPSTREAM_SERVICE_SECRET and DUPSTREAM_SERVICE_SECRET_FILE are both set; set only one of them.",
            error.Trim());
        Assert.DoesNotContain("secret-value", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_secret_file_stops_with_exit_code_2_naming_the_variable_and_the_path()
    {
        var path = Path.Combine(directory.FullName, "absent");

        var (code, _, error) = await RunAsync(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET_FILE"] = path });

        Assert.Equal(2, code);
        Assert.Equal($"dupstream: DUPSTREAM_SERVICE_SECRET_FILE: '{path}' does not exist.", error.Trim());
    }

    [Fact]
    public async Task An_unreadable_secret_file_stops_with_exit_code_2_naming_the_variable()
    {
        // A directory exists but cannot be read as a file: the same path an unreadable file takes (root reads any mode).
        var path = Directory.CreateDirectory(Path.Combine(directory.FullName, "a-directory")).FullName;

        var (code, _, error) = await RunAsync(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET_FILE"] = path });

        Assert.Equal(2, code);
        Assert.StartsWith($"dupstream: DUPSTREAM_SERVICE_SECRET_FILE: '{path}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_that_throws_is_reported_against_the_variable()
    {
        var result = WatcherConfigurationReader.Read(
            new Dictionary<string, string?> { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET_FILE"] = "/run/secrets/dupstream" },
            CommandLineFlags.None,
            _ => true,
            _ => throw new UnauthorizedAccessException("Access to the path is denied."));

        Assert.Equal("DUPSTREAM_SERVICE_SECRET_FILE: '/run/secrets/dupstream' cannot be read: Access to the path is denied.", Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("\n", "is empty")]
    [InlineData("", "is empty")]
    [InlineData("line one\nline two\n", "contains control characters")]
    public void An_empty_or_multi_line_secret_file_is_refused_without_quoting_it(string content, string reason)
    {
        var path = WriteFile("secret", content);

        var result = Read(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET_FILE"] = path });

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("DUPSTREAM_SERVICE_SECRET_FILE: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("line one", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ca_file_is_kept_as_pem_for_https_targets()
    {
        using var ca = CreateCa();
        var path = WriteFile("ca.pem", ca.ExportCertificatePem() + "\n");

        var result = Read(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_CA_FILE"] = path });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(result.Configuration!.Target<HttpTargetSettings>()!.CaCertificatesPem);
        Assert.Equal(ca.Thumbprint, Assert.Single(roots).Thumbprint);
    }

    [Theory]
    [InlineData(null, "does not exist")]
    [InlineData("not a certificate\n", "holds no PEM certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n", "cannot be read as PEM certificates")]
    public async Task A_bad_ca_file_stops_with_exit_code_2_naming_the_variable(string? content, string reason)
    {
        var path = content is null ? Path.Combine(directory.FullName, "absent.pem") : WriteFile("ca.pem", content);

        var (code, _, error) = await RunAsync(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_CA_FILE"] = path });

        Assert.Equal(2, code);
        Assert.StartsWith($"dupstream: DUPSTREAM_CA_FILE: '{path}'", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=dupstream-test-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}

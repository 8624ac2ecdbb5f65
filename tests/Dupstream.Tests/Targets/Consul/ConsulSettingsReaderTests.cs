using Dupstream.Configuration;
using Dupstream.Hosting;
using Dupstream.Targets.Consul;
using Dupstream.Targets.Http;

namespace Dupstream.Tests.Targets.Consul;

/// <summary>DUPSTREAM_SERVICE=consul and the CONSUL_* variables, read as Consul's own client reads them.</summary>
public class ConsulSettingsReaderTests
{
    private const string Url = "http://127.0.0.1:9080/lb";


    private static readonly Dictionary<string, string> Files = new()
    {
        ["/run/secrets/consul-token"] = "  0f6e-token-from-file \n",
        ["/run/secrets/empty"] = " \n",
        ["/etc/consul/not-a-cert.pem"] = "hello",
    };

    private static ConfigurationResult Read(Dictionary<string, string?> environment, Dictionary<string, string>? files = null)
    {
        files ??= Files;
        return WatcherConfigurationReader.Read(environment, CommandLineFlags.None, files.ContainsKey, path => files[path]);
    }

    private static Dictionary<string, string?> Consul(params (string Name, string? Value)[] variables)
    {
        var environment = new Dictionary<string, string?> { ["DUPSTREAM_SERVICE"] = "consul" };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static ConsulSettings Valid(Dictionary<string, string?> environment, Dictionary<string, string>? files = null)
    {
        var result = Read(environment, files);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Configuration!.Target<ConsulSettings>()!;
    }

    private static string SingleError(Dictionary<string, string?> environment)
    {
        var result = Read(environment);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Consul_alone_needs_no_url_and_defaults_to_the_local_agent()
    {
        var result = Read(Consul());

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["consul"], result.Configuration!.Targets.Select(target => target.Kind));
        Assert.Null(result.Configuration!.Target<HttpTargetSettings>());
        Assert.Equal(new Uri("http://127.0.0.1:8500/"), result.Configuration!.Target<ConsulSettings>()!.Address);
        Assert.Null(result.Configuration!.Target<ConsulSettings>()!.Token);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("http,consul")]
    [InlineData(" Consul , HTTP ")]
    [InlineData("consul,http,consul")]
    public void Both_kinds_at_once_need_the_url_too(string value)
    {
        var both = Read(new() { ["DUPSTREAM_SERVICE"] = value, ["DUPSTREAM_SERVICE_URL"] = Url });
        var withoutUrl = Read(new() { ["DUPSTREAM_SERVICE"] = value });

        Assert.Equal(["http", "consul"], both.Configuration!.Targets.Select(target => target.Kind));
        Assert.NotNull(both.Configuration!.Target<ConsulSettings>());
        Assert.StartsWith("DUPSTREAM_SERVICE_URL is not set", Assert.Single(withoutUrl.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_without_http_among_the_kinds_is_warned_about()
    {
        var result = Read(Consul(("DUPSTREAM_SERVICE_URL", Url)));

        Assert.True(result.IsValid);
        Assert.Null(result.Configuration!.Target<HttpTargetSettings>());
        Assert.StartsWith("DUPSTREAM_SERVICE_URL is set but DUPSTREAM_SERVICE does not include http", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(",", "names no service type")]
    [InlineData("consul,kafka", "'kafka' is not a known service type")]
    public void Bad_kind_lists_name_the_variable(string value, string reason)
    {
        var error = SingleError(new() { ["DUPSTREAM_SERVICE"] = value, ["DUPSTREAM_SERVICE_URL"] = Url });

        Assert.StartsWith("DUPSTREAM_SERVICE: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.231.0.5:8500", null, "http://10.231.0.5:8500/")]
    [InlineData("consul.internal:8500", null, "http://consul.internal:8500/")]
    [InlineData("http://10.231.0.5:8500", null, "http://10.231.0.5:8500/")]
    [InlineData("https://consul.internal:8501", null, "https://consul.internal:8501/")]
    [InlineData("10.231.0.5:8501", "true", "https://10.231.0.5:8501/")]
    [InlineData("10.231.0.5:8501", "1", "https://10.231.0.5:8501/")]
    [InlineData("http://10.231.0.5:8501", "true", "https://10.231.0.5:8501/")]
    [InlineData("https://10.231.0.5:8501", "false", "https://10.231.0.5:8501/")]
    [InlineData("http://gateway.internal/consul", null, "http://gateway.internal/consul/")]
    [InlineData("[fd00::5]:8500", null, "http://[fd00::5]:8500/")]
    public void The_address_is_read_as_consul_reads_it(string address, string? ssl, string expected)
    {
        Assert.Equal(new Uri(expected), Valid(Consul(("CONSUL_HTTP_ADDR", address), ("CONSUL_HTTP_SSL", ssl))).Address);
    }

    [Theory]
    [InlineData("unix:///var/run/consul.sock", "unix sockets are not supported")]
    [InlineData("ftp://10.231.0.5:8500", "unknown scheme 'ftp'")]
    [InlineData("http://", "is not host:port")]
    [InlineData("http://user:pw@10.231.0.5:8500", "is not host:port")]
    [InlineData("10.231.0.5:8500?x=1", "is not host:port")]
    public void A_bad_address_names_the_variable(string address, string reason)
    {
        var error = SingleError(Consul(("CONSUL_HTTP_ADDR", address)));

        Assert.StartsWith("CONSUL_HTTP_ADDR: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_ssl_value_names_the_variable()
    {
        Assert.Equal("CONSUL_HTTP_SSL: 'yes' is not a boolean (use true or false).", SingleError(Consul(("CONSUL_HTTP_SSL", "yes"))));
    }

    [Fact]
    public void The_token_comes_from_the_variable_or_the_file_trimmed()
    {
        var direct = Valid(Consul(("CONSUL_HTTP_TOKEN", "abc-123")));
        var fromFile = Valid(Consul(("CONSUL_HTTP_TOKEN_FILE", "/run/secrets/consul-token")));

        Assert.Equal(("abc-123", "CONSUL_HTTP_TOKEN"), (direct.Token, direct.TokenSource));
        Assert.Equal(("0f6e-token-from-file", "CONSUL_HTTP_TOKEN_FILE"), (fromFile.Token, fromFile.TokenSource));
        Assert.DoesNotContain("0f6e", fromFile.ToString(), StringComparison.Ordinal);
        Assert.Contains("token from CONSUL_HTTP_TOKEN_FILE", fromFile.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_token_variables_at_once_is_an_error_naming_both()
    {
        var error = SingleError(Consul(("CONSUL_HTTP_TOKEN", "abc"), ("CONSUL_HTTP_TOKEN_FILE", "/run/secrets/consul-token")));

        Assert.Equal("CONSUL_HTTP_TOKEN and CONSUL_HTTP_TOKEN_FILE are both set; set only one of them.", error);
    }

    [Theory]
    [InlineData("/run/secrets/missing", "does not exist")]
    [InlineData("/run/secrets/empty", "is empty")]
    public void A_bad_token_file_names_the_variable(string path, string reason)
    {
        var error = SingleError(Consul(("CONSUL_HTTP_TOKEN_FILE", path)));

        Assert.StartsWith("CONSUL_HTTP_TOKEN_FILE: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_a_line_break_is_refused_without_echoing_it()
    {
        var error = SingleError(Consul(("CONSUL_HTTP_TOKEN", "abc\ndef")));

        Assert.StartsWith("CONSUL_HTTP_TOKEN: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/consul/missing.pem", "does not exist")]
    [InlineData("/etc/consul/not-a-cert.pem", "holds no PEM certificate")]
    public void A_bad_ca_file_names_the_variable(string path, string reason)
    {
        var error = SingleError(Consul(("CONSUL_CACERT", path), ("CONSUL_HTTP_SSL", "true")));

        Assert.StartsWith("CONSUL_CACERT: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ca_with_plain_http_is_kept_and_warned_about()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var files = new Dictionary<string, string> { ["/etc/consul/ca.pem"] = ca.ExportCertificatePem() };

        var https = Read(Consul(("CONSUL_CACERT", "/etc/consul/ca.pem"), ("CONSUL_HTTP_SSL", "true")), files);
        var http = Read(Consul(("CONSUL_CACERT", "/etc/consul/ca.pem")), files);

        Assert.Contains("BEGIN CERTIFICATE", https.Configuration!.Target<ConsulSettings>()!.CaCertificatesPem, StringComparison.Ordinal);
        Assert.Empty(https.Warnings);
        Assert.StartsWith("CONSUL_CACERT is set but Consul is reached over plain http", Assert.Single(http.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Once_reads_no_consul_settings()
    {
        var result = WatcherConfigurationReader.Read(Consul(("CONSUL_HTTP_ADDR", "unix:///x")), new CommandLineFlags(false, false, Once: true), _ => false, _ => string.Empty);

        Assert.True(result.IsValid);
        Assert.Null(result.Configuration!.Target<ConsulSettings>());
    }

}

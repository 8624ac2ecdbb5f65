using Dupstream.Configuration;
using Dupstream.Hosting;
using Dupstream.Targets.Consul;
using Dupstream.Targets.Http;

namespace Dupstream.Tests.Hosting;

public class WatcherConfigurationReaderTests
{
    private const string Url = "http://127.0.0.1:9080/lb";

    private static ConfigurationResult Read(Dictionary<string, string?> environment, CommandLineFlags? flags = null, Func<string, bool>? fileExists = null) =>
        WatcherConfigurationReader.Read(environment, flags ?? CommandLineFlags.None, fileExists ?? (_ => false));

    private static WatcherConfiguration Valid(Dictionary<string, string?> environment, CommandLineFlags? flags = null)
    {
        var result = Read(environment, flags);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Configuration!;
    }

    private static string SingleError(Dictionary<string, string?> environment, CommandLineFlags? flags = null)
    {
        var result = Read(environment, flags);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Defaults_match_the_original_readme()
    {
        var options = Valid(new() { ["DUPSTREAM_SERVICE_URL"] = Url });

        Assert.Equal(["http"], options.Targets.Select(target => target.Kind));
        Assert.Null(options.Target<ConsulSettings>());
        Assert.Equal([new Uri(Url)], options.Target<HttpTargetSettings>()!.Urls);
        Assert.Null(options.Target<HttpTargetSettings>()!.Secret);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timing.Period);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timing.RequestTimeout);
        Assert.Equal(new Uri("unix:///var/run/docker.sock"), options.Engine.Address);
        Assert.False(options.Engine.TlsVerify);
        Assert.False(options.Flags.Always || options.Flags.Debug || options.Flags.Once);
    }

    [Fact]
    public void Several_urls_are_split_on_bars_trimmed_and_empties_ignored()
    {
        var options = Valid(new() { ["DUPSTREAM_SERVICE_URL"] = " http://a.test/one | |https://b.test:8443/two|| http://a.test/one " });

        Assert.Equal([new Uri("http://a.test/one"), new Uri("https://b.test:8443/two")], options.Target<HttpTargetSettings>()!.Urls);
    }

    [Fact]
    public void Flags_are_carried_over()
    {
        var options = Valid(new() { ["DUPSTREAM_SERVICE_URL"] = Url }, new CommandLineFlags(Always: true, Debug: true, Once: false));

        Assert.True(options.Flags.Always);
        Assert.True(options.Flags.Debug);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" | ")]
    public void A_missing_url_names_the_variable(string? value)
    {
        var error = SingleError(new() { ["DUPSTREAM_SERVICE_URL"] = value });

        Assert.StartsWith("DUPSTREAM_SERVICE_URL is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Once_needs_no_url_and_warns_about_no_secret()
    {
        var result = Read([], new CommandLineFlags(false, false, Once: true));

        Assert.True(result.IsValid);
        Assert.Empty(result.Configuration!.Target<HttpTargetSettings>()!.Urls);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("ftp://a.test/")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("mailto:ops@example.test")]
    public void A_malformed_url_names_the_variable(string value)
    {
        var error = SingleError(new() { ["DUPSTREAM_SERVICE_URL"] = $"{Url}|{value}" });

        Assert.StartsWith("DUPSTREAM_SERVICE_URL: '", error, StringComparison.Ordinal);
        Assert.Contains("is not an absolute http:// or https:// URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_url_message_does_not_repeat_credentials()
    {
        var error = SingleError(new() { ["DUPSTREAM_SERVICE_URL"] = "ftp://user:hunter2@a.test/x?token=abc" });

        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("token=abc", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_is_kept_and_its_absence_is_warned_about_once()
    {
        Assert.Equal("s3cret", Valid(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET"] = "s3cret" }).Target<HttpTargetSettings>()!.Secret);

        var warnings = Read(new() { ["DUPSTREAM_SERVICE_URL"] = Url }).Warnings;

        Assert.StartsWith("DUPSTREAM_SERVICE_SECRET is not set", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", 3000)]
    [InlineData("0.5", 500)]
    [InlineData(" 10 ", 10000)]
    [InlineData("0.05", 50)]
    [InlineData("", 3000)]
    public void The_period_is_in_seconds_with_decimals(string value, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Valid(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_PERIOD"] = value }).Timing.Period);
    }

    [Theory]
    [InlineData("abc", "is not a number of seconds")]
    [InlineData("3s", "is not a number of seconds")]
    [InlineData("1,5", "is not a number of seconds")]
    [InlineData("NaN", "is not a number of seconds")]
    [InlineData("0", "must be greater than 0")]
    [InlineData("-1", "must be greater than 0")]
    [InlineData("1e9", "is not a number of seconds")]
    [InlineData("100000", "must be at most 86400")]
    public void A_bad_period_names_the_variable(string value, string reason)
    {
        var error = SingleError(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_PERIOD"] = value });

        Assert.StartsWith("DUPSTREAM_PERIOD: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_timeout_is_read_and_checked()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.5), Valid(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_TIMEOUT"] = "1.5" }).Timing.RequestTimeout);

        Assert.StartsWith("DUPSTREAM_SERVICE_TIMEOUT: ", SingleError(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_TIMEOUT"] = "0" }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http")]
    [InlineData("HTTP")]
    [InlineData(" http ")]
    public void The_service_kind_http_is_accepted(string? value)
    {
        Assert.Equal(["http"], Valid(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE"] = value }).Targets.Select(target => target.Kind));
    }

    [Fact]
    public void Any_other_service_kind_is_refused()
    {
        var error = SingleError(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE"] = "kafka" });

        Assert.Equal("DUPSTREAM_SERVICE: 'kafka' is not a known service type; use 'http', 'consul' or both ('http,consul').", error);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_one_line_each()
    {
        var result = Read(new() { ["DUPSTREAM_SERVICE"] = "kafka", ["DUPSTREAM_PERIOD"] = "x", ["DOCKER_HOST"] = "ssh://h" });

        Assert.Equal(
            ["DUPSTREAM_SERVICE", "DUPSTREAM_SERVICE_URL", "DUPSTREAM_PERIOD", "DOCKER_HOST"],
            result.Errors.Select(error => error.Split(new[] { ':', ' ' }, 2)[0]));
    }

    [Theory]
    [InlineData("unix:///tmp/dsl/m.sock")]
    [InlineData("tcp://10.231.0.1:2375")]
    [InlineData("http://127.0.0.1:2375")]
    public void Docker_host_accepts_unix_and_tcp(string value)
    {
        Assert.Equal(new Uri(value), Valid(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DOCKER_HOST"] = value }).Engine.Address);
    }

    [Theory]
    [InlineData("ssh://user@host")]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("/var/run/docker.sock")]
    [InlineData("unix://")]
    public void Docker_host_refuses_what_we_cannot_reach(string value)
    {
        Assert.StartsWith("DOCKER_HOST: ", SingleError(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DOCKER_HOST"] = value }), StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_uses_the_cert_path_when_all_three_files_exist()
    {
        var env = new Dictionary<string, string?>
        {
            ["DUPSTREAM_SERVICE_URL"] = Url,
            ["DOCKER_HOST"] = "tcp://10.231.0.1:2376",
            ["DOCKER_TLS_VERIFY"] = "1",
            ["DOCKER_CERT_PATH"] = "/certs",
        };

        var result = WatcherConfigurationReader.Read(env, CommandLineFlags.None, path => path.StartsWith("/certs/", StringComparison.Ordinal));

        Assert.True(result.IsValid);
        Assert.Equal(new EngineEndpoint(new Uri("tcp://10.231.0.1:2376"), true, "/certs"), result.Configuration!.Engine);
    }

    [Fact]
    public void Tls_without_the_files_names_the_cert_path_and_what_is_missing()
    {
        var env = new Dictionary<string, string?>
        {
            ["DUPSTREAM_SERVICE_URL"] = Url,
            ["DOCKER_HOST"] = "tcp://10.231.0.1:2376",
            ["DOCKER_TLS_VERIFY"] = "1",
            ["HOME"] = "/home/ops",
        };

        var result = WatcherConfigurationReader.Read(env, CommandLineFlags.None, path => path.EndsWith("ca.pem", StringComparison.Ordinal));

        Assert.Equal("DOCKER_CERT_PATH: '/home/ops/.docker' lacks cert.pem, key.pem (needed because DOCKER_TLS_VERIFY is set).", Assert.Single(result.Errors));
    }

    [Fact]
    public void Tls_over_a_unix_socket_is_refused()
    {
        var error = SingleError(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DOCKER_TLS_VERIFY"] = "1" });

        Assert.StartsWith("DOCKER_TLS_VERIFY is set but DOCKER_HOST is a unix socket", error, StringComparison.Ordinal);
    }
}

using Dupstream.Hosting;

namespace Dupstream.Tests.Hosting;

/// <summary>The paths that end before any engine call: flags and configuration errors.</summary>
public class DupstreamProgramTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(string[] args, Dictionary<string, string?> environment)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await DupstreamProgram.RunAsync(args, environment, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task An_unknown_flag_is_an_error_with_usage_and_exit_code_2()
    {
        var (code, output, error) = await RunAsync(["--bogus"], new() { ["DUPSTREAM_SERVICE_URL"] = "http://127.0.0.1/" });

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("--bogus", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_url_stops_with_exit_code_2_and_names_the_variable()
    {
        var (code, output, error) = await RunAsync([], new() { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" });

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("dupstream: DUPSTREAM_SERVICE_URL is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_configuration_error_gets_its_own_line()
    {
        var (code, _, error) = await RunAsync([], new() { ["DUPSTREAM_SERVICE"] = "kafka", ["DUPSTREAM_PERIOD"] = "0", ["DUPSTREAM_SERVICE_URL"] = "http://127.0.0.1/" });

        Assert.Equal(2, code);
        Assert.Equal(
            ["dupstream: DUPSTREAM_SERVICE: 'kafka' is not a known service type; use 'http', 'consul' or both ('http,consul').", "dupstream: DUPSTREAM_PERIOD: '0' must be greater than 0 seconds."],
            error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_http_port_already_in_use_stops_with_exit_code_2_naming_the_setting()
    {
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;

        var (code, _, error) = await RunAsync([], new()
        {
            ["DOCKER_HOST"] = "unix:///nonexistent/dupstream-test.sock",
            ["DUPSTREAM_SERVICE_URL"] = "http://127.0.0.1:9/lb",
            ["DUPSTREAM_HTTP_ADDRESS"] = "127.0.0.1",
            ["DUPSTREAM_HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(2, code);
        Assert.StartsWith($"dupstream: DUPSTREAM_HTTP_PORT/DUPSTREAM_HTTP_ADDRESS: cannot listen on 127.0.0.1:{port}:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_log_format_stops_with_exit_code_2_naming_the_setting()
    {
        var (code, _, error) = await RunAsync([], new() { ["DUPSTREAM_SERVICE_URL"] = "http://127.0.0.1:9/lb", ["DUPSTREAM_LOG_FORMAT"] = "yaml" });

        Assert.Equal(2, code);
        Assert.StartsWith("dupstream: DUPSTREAM_LOG_FORMAT: 'yaml' is not a log format", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var (code, output, _) = await RunAsync(["--help"], []);

        Assert.Equal(0, code);
        Assert.Contains("--once", output, StringComparison.Ordinal);
        Assert.Contains("DUPSTREAM_SERVICE_URL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var (code, output, _) = await RunAsync(["--version"], []);

        Assert.Equal(0, code);
        // System.CommandLine reports the entry assembly's version (the test host's here, dupstream's when run).
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Fact]
    public async Task Once_against_an_unreachable_engine_exits_1_with_a_message_and_prints_nothing()
    {
        var (code, output, error) = await RunAsync(["--once"], new() { ["DOCKER_HOST"] = "unix:///nonexistent/dupstream-test.sock" });

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.StartsWith("dupstream: could not read the swarm:", error, StringComparison.Ordinal);
    }
}

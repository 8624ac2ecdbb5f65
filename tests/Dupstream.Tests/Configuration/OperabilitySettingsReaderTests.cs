using System.Net;
using Dupstream.Common.Logging;
using Dupstream.Configuration;
using Dupstream.Hosting;

namespace Dupstream.Tests.Configuration;

/// <summary>DUPSTREAM_HTTP_PORT, DUPSTREAM_HTTP_ADDRESS and DUPSTREAM_LOG_FORMAT, read through the whole options reader.</summary>
public class OperabilitySettingsReaderTests
{
    private const string Url = "http://127.0.0.1:9080/lb";

    private static ConfigurationResult Read(Dictionary<string, string?> environment)
    {
        environment["DUPSTREAM_SERVICE_URL"] = Url;
        return WatcherConfigurationReader.Read(environment, CommandLineFlags.None, _ => false);
    }

    [Fact]
    public void By_default_the_listener_is_on_8080_on_every_interface_and_logs_are_plain()
    {
        var options = Read([]).Configuration!;

        Assert.Equal(new HttpListenerSettings(null, 8080), options.Operability.HttpListener);
        Assert.Equal(LogFormat.Plain, options.Operability.LogFormat);
    }

    [Fact]
    public void Port_0_turns_the_listener_off()
    {
        Assert.Null(Read(new() { ["DUPSTREAM_HTTP_PORT"] = "0" }).Configuration!.Operability.HttpListener);
    }

    [Fact]
    public void Address_and_port_are_read()
    {
        var options = Read(new() { ["DUPSTREAM_HTTP_PORT"] = " 9100 ", ["DUPSTREAM_HTTP_ADDRESS"] = "127.0.0.1" }).Configuration!;

        Assert.Equal(new HttpListenerSettings(IPAddress.Loopback, 9100), options.Operability.HttpListener);
        Assert.Equal("127.0.0.1:9100", options.Operability.HttpListener!.ToString());
    }

    [Fact]
    public void An_ipv6_address_may_be_bracketed()
    {
        var options = Read(new() { ["DUPSTREAM_HTTP_ADDRESS"] = "[::1]" }).Configuration!;

        Assert.Equal(IPAddress.IPv6Loopback, options.Operability.HttpListener!.Address);
        Assert.Equal("[::1]:8080", options.Operability.HttpListener.ToString());
    }

    [Theory]
    [InlineData("http")]
    [InlineData("-1")]
    [InlineData("65536")]
    [InlineData("80.5")]
    public void A_bad_port_is_an_error_naming_the_variable(string port)
    {
        var result = Read(new() { ["DUPSTREAM_HTTP_PORT"] = port });

        Assert.False(result.IsValid);
        Assert.StartsWith($"DUPSTREAM_HTTP_PORT: '{port}' is not a port number", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("10.0.0")]
    [InlineData("fe80::1%eth0")]
    public void A_bad_address_is_an_error_naming_the_variable(string address)
    {
        var result = Read(new() { ["DUPSTREAM_HTTP_ADDRESS"] = address });

        Assert.False(result.IsValid);
        Assert.StartsWith($"DUPSTREAM_HTTP_ADDRESS: '{address}' is not an IP address", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json", true)]
    [InlineData(" JSON ", true)]
    [InlineData("plain", false)]
    [InlineData("", false)]
    public void The_log_format_is_read(string raw, bool json)
    {
        Assert.Equal(json ? LogFormat.Json : LogFormat.Plain, Read(new() { ["DUPSTREAM_LOG_FORMAT"] = raw }).Configuration!.Operability.LogFormat);
    }

    [Fact]
    public void An_unknown_log_format_is_an_error_naming_the_variable()
    {
        var result = Read(new() { ["DUPSTREAM_LOG_FORMAT"] = "xml" });

        Assert.False(result.IsValid);
        Assert.Equal("DUPSTREAM_LOG_FORMAT: 'xml' is not a log format; use 'plain' (default) or 'json'.", Assert.Single(result.Errors));
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Cli;

/// <summary>The real dupstream-nginx process refusing to start: exit code 2 and exactly one line naming the setting.</summary>
public sealed class ReceiverStartTests
{
    [Fact]
    public async Task APortInUseStopsTheStartWithOneLineNamingItAndExit2()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (code, lines) = await ReceiverProcess.RunAsync(new JsonObject { ["port"] = port }, format: null, untilListening: false);

        Assert.Equal(2, code);
        Assert.Equal([$"port: {port} is already in use on 127.0.0.1; stop what holds it or choose another port (port or PORT)."], lines);
    }

    [Fact]
    public async Task AMisspeltKeyStopsTheStartWithOneLineNamingItAndExit2()
    {
        var (code, lines) = await ReceiverProcess.RunAsync(new JsonObject { ["require_signatur"] = true }, format: null, untilListening: false);

        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.EndsWith("config.json: require_signatur: not a setting of dupstream-nginx (did you mean 'require_signature'?); remove it or fix its name.", line, StringComparison.Ordinal);
    }
}

using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Flavours.Nginx.Lua.Control;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;
using Dupstream.Nginx.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua.Control;

/// <summary>
/// The control client over a real unix socket, served by a small Kestrel app that answers as told: the PUT counts only
/// with nginx's answer naming the text's own version; a refusal or silence is a failure saying why.
/// </summary>
public sealed class UnixSocketPeersControlTests
{
    private static readonly string Peers = PeersText.From(["upstream web {\n\tserver\t10.0.0.1:80;\n}\n"]);

    private static async Task<ControlAnswer> PutToAsync(int status, string answer)
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket));
        await using var app = builder.Build();
        string? received = null;
        app.MapPut("/dupstream/peers", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received = await reader.ReadToEndAsync();
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        using var control = new UnixSocketPeersControl(new ApplySettings { ControlSocket = socket }, new LimitSettings());

        var result = await control.PutAsync(Peers, CancellationToken.None);

        Assert.Equal(Peers, received);
        await app.StopAsync();
        return result;
    }

    [Fact]
    public async Task TheAnswerNamingTheTextsVersionSucceeds()
    {
        var answer = await PutToAsync(200, PeersText.VersionOf(Peers) + "\n");

        Assert.Equal(new ControlAnswer(true, PeersText.VersionOf(Peers)!), answer);
    }

    [Fact]
    public async Task AnotherVersionFails()
    {
        var answer = await PutToAsync(200, "0123456789abcdef\n");

        Assert.False(answer.Succeeded);
        Assert.Equal($"nginx answered version '0123456789abcdef' for the peers of version '{PeersText.VersionOf(Peers)}'", answer.Detail);
    }

    [Fact]
    public async Task ARefusalFailsWithNginxsReason()
    {
        var answer = await PutToAsync(400, "line 2: bad peer\n");

        Assert.False(answer.Succeeded);
        Assert.True(answer.Answered);
        Assert.Equal("PUT /dupstream/peers answered 400: line 2: bad peer", answer.Detail);
    }

    [Fact]
    public async Task NothingOnTheSocketIsAFailureThatWasNotAnswered()
    {
        using var dir = new TempDirectory();
        using var control = new UnixSocketPeersControl(new ApplySettings { ControlSocket = dir.File("none.sock"), LuaDir = dir.Path }, new LimitSettings());

        var answer = await control.PutAsync(Peers, CancellationToken.None);

        Assert.False(answer.Succeeded);
        Assert.False(answer.Answered);
        Assert.Equal($"nginx does not answer on {dir.File("none.sock")} (is it running, with {dir.File("dupstream-lua.conf")} included in http {{}}?): the socket does not exist", answer.Detail);
    }

    [Fact]
    public async Task ASocketFileNobodyListensOnIsRefusedInTheSocketsOwnWords()
    {
        using var dir = new TempDirectory();
        var path = dir.File("stale.sock");
        // What a stopped nginx leaves behind: the file, and nothing listening on it (bound, never listening; .NET
        // deletes the file when the socket is disposed, so it stays open until the end of the test).
        using var stale = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        stale.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        using var control = new UnixSocketPeersControl(new ApplySettings { ControlSocket = path, LuaDir = dir.Path }, new LimitSettings());

        var answer = await control.PutAsync(Peers, CancellationToken.None);

        Assert.False(answer.Answered);
        Assert.True(answer.Detail.EndsWith("included in http {}?): Connection refused", StringComparison.Ordinal), answer.Detail);
        Assert.DoesNotContain("localhost", answer.Detail, StringComparison.Ordinal);
    }
}

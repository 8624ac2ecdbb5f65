using System.Net;
using System.Net.Sockets;
using System.Text;
using Dupstream.Common.Http;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Control;

/// <summary>
/// HTTP over <c>lua_control_socket</c>: only a process that can open the socket file reaches the endpoint, so it
/// needs no secret and no port of its own.
/// </summary>
internal sealed class UnixSocketPeersControl : IPeersControl, IDisposable
{
    private const string PeersPath = "/dupstream/peers";
    private readonly string socketPath;
    private readonly string luaConf;
    private readonly HttpClient client;

    public UnixSocketPeersControl(ApplySettings apply, LimitSettings limits)
    {
        socketPath = apply.ControlSocket;
        luaConf = apply.LuaConfFile;
        client = new HttpClient(UnixSocketHttp.Handler(socketPath)) { BaseAddress = new Uri("http://localhost"), Timeout = limits.CommandTimeout };
    }

    public async Task<ControlAnswer> PutAsync(string peersText, CancellationToken cancellationToken)
    {
        var expected = PeersText.VersionOf(peersText);
        using var content = new StringContent(peersText, Encoding.ASCII, "text/plain");
        var answer = await SendAsync(new HttpRequestMessage(HttpMethod.Put, PeersPath) { Content = content }, cancellationToken).ConfigureAwait(false);
        if (!answer.Succeeded)
        {
            return answer;
        }

        var version = answer.Detail.Trim();
        return version == expected ? new ControlAnswer(true, version) : new ControlAnswer(false, $"nginx answered version '{version}' for the peers of version '{expected}'");
    }

    public Task<ControlAnswer> GetAsync(CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, PeersPath), cancellationToken);

    public void Dispose() => client.Dispose();

    private async Task<ControlAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.OK
                    ? new ControlAnswer(true, body)
                    : new ControlAnswer(false, $"{request.Method} {PeersPath} answered {(int)response.StatusCode}: {Dupstream.Common.Text.LogText.Printable(body.Trim())}");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The socket's own error (no such file, connection refused), not HttpClient's wrapper, which names the
                // placeholder host of the request ("localhost:80") instead of the socket.
                var why = File.Exists(socketPath) ? ex.GetBaseException().Message : "the socket does not exist";
                return new ControlAnswer(false, $"nginx does not answer on {socketPath} (is it running, with {luaConf} included in http {{}}?): {why}") { Answered = false };
            }
        }
    }
}

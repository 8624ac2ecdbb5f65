using System.Net.Sockets;

namespace Dupstream.Common.Http;

/// <summary>
/// HTTP over a unix socket: every connection of the handler goes to the socket file, whatever host the request names
/// (nginx's control socket in lua mode; the engine and control sockets of the benchmarks and tests).
/// </summary>
public static class UnixSocketHttp
{
    public static SocketsHttpHandler Handler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

using System.Net.Sockets;

namespace Dupstream.Bench.Latency.Engine;

/// <summary>An <see cref="HttpClient"/> whose connections go to a unix socket: how the engine API is reached.</summary>
internal static class UnixSocketHttp
{
    public static HttpClient Create(string socketPath, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
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
        // The host name is never resolved: every connection goes to the socket above.
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri("http://engine/v1.41/"), Timeout = timeout };
    }
}

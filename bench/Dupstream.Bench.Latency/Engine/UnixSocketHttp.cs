namespace Dupstream.Bench.Latency.Engine;

/// <summary>An <see cref="HttpClient"/> whose connections go to a unix socket: how the engine API is reached.</summary>
internal static class UnixSocketHttp
{
    public static HttpClient Create(string socketPath, TimeSpan timeout)
    {
        // The host name is never resolved: every connection goes to the socket.
        return new HttpClient(Common.Http.UnixSocketHttp.Handler(socketPath), disposeHandler: true) { BaseAddress = new Uri("http://engine/v1.41/"), Timeout = timeout };
    }
}

namespace Dupstream.Bench.Scale;

/// <summary>
/// Debian's nginx under a prefix of its own (the shared <see cref="PrivateNginxServer"/>), listening on one
/// loopback port, including the upstream file the receiver writes.
/// </summary>
internal sealed class PrivateNginx : IAsyncDisposable
{
    private readonly PrivateNginxServer server;

    private PrivateNginx(PrivateNginxServer server, int port)
    {
        this.server = server;
        Port = port;
    }

    public string Prefix => server.Prefix;

    public int Port { get; }

    public string UpstreamFile => Path.Combine(Prefix, "upstreams", "default.conf");

    public string TestCommand => server.TestCommand;

    public string ReloadCommand => server.ReloadCommand;

    public static async Task<PrivateNginx> StartAsync(CancellationToken cancellationToken)
    {
        var server = new PrivateNginxServer("dupstream-bench-nginx-", "bench nginx", "upstreams/*.conf");
        var port = FreePort.Next();
        await server.StartAsync(port).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new PrivateNginx(server, port);
    }

    public Task<bool> AnswersAsync(CancellationToken cancellationToken) => PrivateNginxServer.AnswersAsync(Port, cancellationToken);

    public ValueTask DisposeAsync() => new(server.StopAndDeleteAsync());
}

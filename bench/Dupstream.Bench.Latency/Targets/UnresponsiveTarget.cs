using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Dupstream.Bench.Latency.Targets;

/// <summary>
/// A target that is up but hangs: it accepts every TCP connection on 127.0.0.1 and never reads or
/// answers, like a receiver stuck in a long reload. Connections stay open until disposal.
/// </summary>
internal sealed class UnresponsiveTarget : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<Socket> held = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private int accepted;

    public UnresponsiveTarget()
    {
        listener.Start();
        acceptLoop = AcceptLoopAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/lb");

    /// <summary>Connections the watcher opened: shows how often it retried this target.</summary>
    public int Accepted => Volatile.Read(ref accepted);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        await acceptLoop.ConfigureAwait(false);
        foreach (var socket in held)
        {
            socket.Dispose();
        }
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                held.Add(await listener.AcceptSocketAsync(stopping.Token).ConfigureAwait(false));
                Interlocked.Increment(ref accepted);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }
}

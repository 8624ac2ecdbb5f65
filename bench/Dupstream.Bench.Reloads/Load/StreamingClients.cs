using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dupstream.Bench.Reloads.Load;

/// <summary>
/// Long-lived streaming connections through nginx (<c>GET /{service}/stream</c>, a byte every 100 ms): the
/// WebSocket- or SSE-like clients that keep an nginx worker alive after a reload. Each client holds its
/// connection for <c>lifetime</c>, then closes it and connects again (the first lifetimes are staggered, so
/// clients come and go all the time, as users do); a worker generation therefore keeps the connections that
/// arrived while it was the current one. A stream that ends or fails before the client closes it counts as broken.
/// </summary>
internal sealed class StreamingClients : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> clients = [];
    private readonly byte[] request;
    private readonly int nginxPort;
    private int streaming;
    private int broken;
    private int connections;

    private StreamingClients(int nginxPort, string service)
    {
        this.nginxPort = nginxPort;
        request = Encoding.ASCII.GetBytes($"GET /{service}/stream HTTP/1.1\r\nHost: bench\r\n\r\n");
    }

    public int Clients => clients.Count;

    /// <summary>Clients that have received at least one byte.</summary>
    public int Streaming => Volatile.Read(ref streaming);

    /// <summary>Connections made so far, reconnections included.</summary>
    public int Connections => Volatile.Read(ref connections);

    public int Broken => Volatile.Read(ref broken);

    public static StreamingClients Start(int nginxPort, string service, int count, TimeSpan lifetime)
    {
        var streams = new StreamingClients(nginxPort, service);
        for (var i = 0; i < count; i++)
        {
            streams.clients.Add(streams.RunAsync(lifetime * (i + 1) / count, lifetime));
        }

        return streams;
    }

    private async Task RunAsync(TimeSpan firstLifetime, TimeSpan lifetime)
    {
        var uncounted = true;
        var hold = firstLifetime;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                uncounted = await HoldOneAsync(hold, uncounted).ConfigureAwait(false);
                hold = lifetime;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <returns>Whether this client is still to be counted in <see cref="Streaming"/> (no byte received yet).</returns>
    private async Task<bool> HoldOneAsync(TimeSpan hold, bool uncounted)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        held.CancelAfter(hold);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, nginxPort), stop.Token).ConfigureAwait(false);
            Interlocked.Increment(ref connections);
            await socket.SendAsync(request, SocketFlags.None, stop.Token).ConfigureAwait(false);
            var buffer = new byte[1024];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, held.Token).ConfigureAwait(false) > 0)
            {
                if (uncounted)
                {
                    uncounted = false;
                    Interlocked.Increment(ref streaming);
                }
            }

            Interlocked.Increment(ref broken);
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            // Its lifetime is over: the client closes it and connects again.
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref broken);
        }

        return uncounted;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(clients).ConfigureAwait(false);
        stop.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Dupstream.Bench.Latency.Engine;

/// <summary>
/// A unix socket the watcher uses as its DOCKER_HOST. Every connection is forwarded byte for byte to
/// the real engine socket; the client-to-engine bytes are scanned for request lines, so the benchmark
/// knows how many engine requests the watcher makes and when (the event stream is one long GET).
/// </summary>
internal sealed class CountingEngineProxy : IAsyncDisposable
{
    private readonly string listenPath;
    private readonly string enginePath;
    private readonly TimeProvider time;
    private readonly Socket listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<EngineRequest> requests = new();
    private readonly ConcurrentDictionary<Task, byte> connections = new();
    private readonly Task acceptLoop;

    private CountingEngineProxy(string listenPath, string enginePath, TimeProvider time)
    {
        this.listenPath = listenPath;
        this.enginePath = enginePath;
        this.time = time;
        File.Delete(listenPath);
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(listenPath));
        listener.Listen(64);
        acceptLoop = AcceptLoopAsync();
    }

    /// <summary>DOCKER_HOST value for the watcher.</summary>
    public string DockerHost => "unix://" + listenPath;

    public static CountingEngineProxy Start(string listenPath, string enginePath, TimeProvider time) =>
        new(listenPath, enginePath, time);

    /// <summary>Requests whose request line passed at or after <paramref name="fromTimestamp"/> and before <paramref name="toTimestamp"/>.</summary>
    public IReadOnlyList<EngineRequest> RequestsBetween(long fromTimestamp, long toTimestamp) =>
        [.. requests.Where(r => r.Timestamp >= fromTimestamp && r.Timestamp < toTimestamp)];

    public int Count => requests.Count;

    /// <summary>When the watcher last sent a request at or before <paramref name="timestamp"/>; null if never.</summary>
    public long? LastRequestAtOrBefore(long timestamp) =>
        requests.Where(r => r.Timestamp <= timestamp).Select(r => (long?)r.Timestamp).Max();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        await Task.WhenAll([acceptLoop, .. connections.Keys]).ConfigureAwait(false);
        stopping.Dispose();
        File.Delete(listenPath);
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var connection = ForwardAsync(client);
            connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(t => connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using (client)
        {
            try
            {
                await engine.ConnectAsync(new UnixDomainSocketEndPoint(enginePath), stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                return; // the watcher sees its connection close, as it would with a dead engine
            }
            var scanner = new RequestLineScanner();
            var up = PumpAsync(client, engine, chunk =>
            {
                var now = time.GetTimestamp();
                foreach (var (method, target) in scanner.Feed(chunk))
                {
                    requests.Enqueue(new EngineRequest(now, method, target));
                }
            });
            var down = PumpAsync(engine, client, static _ => { });
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
    }

    /// <summary>Copies one direction until its end closes, then half-closes the other side.</summary>
    private async Task PumpAsync(Socket from, Socket to, Action<ReadOnlySpan<byte>> observe)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                observe(buffer.AsSpan(0, read));
                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side went away: end both directions, as a broken connection would.
            from.Close();
            to.Close();
        }
    }
}

using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Dupstream.TestSupport;

/// <summary>
/// A unix socket the watcher uses as its DOCKER_HOST, in front of a real engine. Every connection is forwarded byte
/// for byte; the watcher-to-engine bytes are scanned for request lines, each logged with the moment it passed
/// (<see cref="TimeProvider.GetTimestamp"/>). The watcher logs nothing on an idle listing, so its engine requests are
/// how a test sees its periods go by ("N task listings after the last POST" is something to wait for instead of
/// sleeping) and what the latency benchmark counts and times. <see cref="TakeDown"/> makes the engine unreachable
/// through the proxy without touching the shared engine.
/// </summary>
public sealed class CountingEngineProxy : IAsyncDisposable
{
    private readonly string engineSocket;
    private readonly TimeProvider time;
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<EngineRequest> requests = new();
    private readonly ConcurrentDictionary<Task, byte> connections = new();
    private readonly Task acceptLoop;
    private CancellationTokenSource cut = new();
    private volatile bool down;

    /// <param name="engineDockerHost">The engine's DOCKER_HOST, <c>unix:///path/to/socket</c>.</param>
    /// <param name="time">The clock of the request log's timestamps; the system's when null.</param>
    public CountingEngineProxy(string engineDockerHost, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(engineDockerHost);
        var engine = new Uri(engineDockerHost);
        if (engine.Scheme != "unix")
        {
            throw new ArgumentException($"The engine must be a unix socket (unix:///path), got '{engineDockerHost}'.", nameof(engineDockerHost));
        }

        engineSocket = engine.AbsolutePath;
        this.time = time ?? TimeProvider.System;
        // Short: unix socket paths are limited to ~100 bytes.
        SocketPath = Path.Combine(Path.GetTempPath(), $"dsp-{Guid.NewGuid().ToString("N")[..8]}.sock");
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen(64);
        acceptLoop = AcceptLoopAsync();
    }

    public string SocketPath { get; }

    /// <summary>DOCKER_HOST value for the watcher.</summary>
    public string DockerHost => "unix://" + SocketPath;

    /// <summary>Every request so far, in the order their request lines passed.</summary>
    public IReadOnlyList<EngineRequest> Requests => [.. requests];

    /// <summary>Requests whose target contains <paramref name="pathPart"/>, e.g. "/tasks".</summary>
    public int Count(string pathPart) => requests.Count(r => r.Target.Contains(pathPart, StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="more"/> further requests to <paramref name="pathPart"/> went through.</summary>
    public async Task WaitForMoreAsync(string pathPart, int more, TimeSpan timeout)
    {
        var target = Count(pathPart) + more;
        await Eventually.UntilAsync(() => Count(pathPart) >= target, timeout, $"{more} more engine request(s) to {pathPart} (seen {Count(pathPart)})").ConfigureAwait(false);
    }

    /// <summary>Requests whose request line passed at or after <paramref name="fromTimestamp"/> and before <paramref name="toTimestamp"/>.</summary>
    public IReadOnlyList<EngineRequest> RequestsBetween(long fromTimestamp, long toTimestamp) =>
        [.. requests.Where(r => r.Timestamp >= fromTimestamp && r.Timestamp < toTimestamp)];

    /// <summary>When the watcher last sent a request at or before <paramref name="timestamp"/>; null if never.</summary>
    public long? LastRequestAtOrBefore(long timestamp) =>
        requests.Where(r => r.Timestamp <= timestamp).Select(r => (long?)r.Timestamp).Max();

    /// <summary>
    /// The engine stops answering through the proxy, deterministically: open connections (the event stream, pooled
    /// ones) are cut and new ones are closed as soon as they are accepted.
    /// </summary>
    public void TakeDown()
    {
        down = true;
        using var previous = Interlocked.Exchange(ref cut, new CancellationTokenSource());
        previous.Cancel();
    }

    /// <summary>The engine answers through the proxy again.</summary>
    public void BringBack() => down = false;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        await Task.WhenAll([acceptLoop, .. connections.Keys]).ConfigureAwait(false);
        stopping.Dispose();
        cut.Dispose();
        File.Delete(SocketPath);
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
            CancellationTokenSource linked;
            try
            {
                linked = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, Volatile.Read(ref cut).Token);
            }
            catch (ObjectDisposedException)
            {
                return; // taken down or stopped while this connection was accepted
            }

            using (linked)
            {
                // Checked after linking: a TakeDown from now on cancels the token taken above, one before it is seen here.
                if (down)
                {
                    return; // the watcher sees its connection close, as it would with a dead engine
                }

                try
                {
                    await engine.ConnectAsync(new UnixDomainSocketEndPoint(engineSocket), linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    return; // the engine restarting: the connection simply ends, as it would without us
                }

                var scanner = new RequestLineScanner();
                var up = PumpAsync(client, engine, chunk =>
                {
                    var now = time.GetTimestamp();
                    foreach (var (method, target) in scanner.Feed(chunk))
                    {
                        requests.Enqueue(new EngineRequest(now, method, target));
                    }
                }, linked.Token);
                var back = PumpAsync(engine, client, static _ => { }, linked.Token);
                await Task.WhenAll(up, back).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Copies one direction until its end closes, then half-closes the other side.</summary>
    private static async Task PumpAsync(Socket from, Socket to, Action<ReadOnlySpan<byte>> observe, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                observe(buffer.AsSpan(0, read));
                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side went away or the proxy cut the connection: end both directions, as a broken connection would.
            from.Close();
            to.Close();
        }
    }
}

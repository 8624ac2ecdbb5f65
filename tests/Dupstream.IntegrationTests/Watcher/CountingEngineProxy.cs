using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// A unix-socket proxy in front of the lab's engine that counts the API requests passing through it. The watcher
/// logs nothing on an idle listing, so its engine requests are how a test sees its periods go by: "N task listings
/// after the last POST" is an event a test can wait for instead of sleeping.
/// </summary>
public sealed partial class CountingEngineProxy : IDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string engineSocket;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly List<string> requests = [];
    private CancellationTokenSource connections = new();
    private volatile bool down;

    public CountingEngineProxy(string engineDockerHost)
    {
        ArgumentNullException.ThrowIfNull(engineDockerHost);
        engineSocket = new Uri(engineDockerHost).AbsolutePath;
        // Short: unix socket paths are limited to ~100 bytes.
        SocketPath = $"/tmp/dsw-{Guid.NewGuid().ToString("N")[..8]}.sock";
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen();
        _ = AcceptAsync();
    }

    public string SocketPath { get; }

    public string DockerHost => "unix://" + SocketPath;

    /// <summary>Requests (method and path) whose path contains <paramref name="pathPart"/>, e.g. "/tasks".</summary>
    public int Count(string pathPart)
    {
        lock (gate)
        {
            return requests.Count(r => r.Contains(pathPart, StringComparison.Ordinal));
        }
    }

    /// <summary>Waits until <paramref name="more"/> further requests to <paramref name="pathPart"/> went through.</summary>
    public async Task WaitForMoreAsync(string pathPart, int more, TimeSpan timeout)
    {
        var target = Count(pathPart) + more;
        await Eventually.UntilAsync(() => Count(pathPart) >= target, timeout, $"{more} more engine request(s) to {pathPart} (seen {Count(pathPart)})");
    }

    /// <summary>
    /// The engine stops answering through the proxy, deterministically and without touching the shared engine: open
    /// connections (the event stream, pooled ones) are cut and new ones are closed as soon as they are accepted.
    /// </summary>
    public void TakeDown()
    {
        down = true;
        Interlocked.Exchange(ref connections, new CancellationTokenSource()).Cancel();
    }

    /// <summary>The engine answers through the proxy again.</summary>
    public void BringBack() => down = false;

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        File.Delete(SocketPath);
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        using (var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            if (down)
            {
                return;
            }

            try
            {
                await engine.ConnectAsync(new UnixDomainSocketEndPoint(engineSocket), stop.Token);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, Volatile.Read(ref connections).Token);
                var up = PumpAsync(client, engine, countRequests: true, linked.Token);
                var down = PumpAsync(engine, client, countRequests: false, linked.Token);
                await Task.WhenAny(up, down);
                await linked.CancelAsync();
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
            {
                // The engine restarting or the watcher hanging up: the connection simply ends, as it would without us.
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool countRequests, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var partial = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (countRequests)
                {
                    Count(partial, Encoding.ASCII.GetString(buffer, 0, read));
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Either side went away.
        }
    }

    // The watcher only sends GETs (no bodies), so every request line of the client's stream starts a request.
    private void Count(StringBuilder partial, string chunk)
    {
        partial.Append(chunk);
        var text = partial.ToString();
        var lastBreak = text.LastIndexOf("\r\n", StringComparison.Ordinal);
        if (lastBreak < 0)
        {
            return;
        }

        partial.Clear().Append(text[(lastBreak + 2)..]);
        foreach (var line in text[..lastBreak].Split("\r\n"))
        {
            if (RequestLine().Match(line) is { Success: true } match)
            {
                lock (gate)
                {
                    requests.Add($"{match.Groups[1].Value} {match.Groups[2].Value}");
                }
            }
        }
    }

    [GeneratedRegex(@"^(GET|HEAD|POST|PUT|DELETE) (\S+) HTTP/1\.[01]$")]
    private static partial Regex RequestLine();
}

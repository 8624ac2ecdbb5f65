using System.Net;
using System.Net.Sockets;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// A target that accepts TCP connections on 127.0.0.1 and never answers: the worst kind of receiver, one that makes
/// every request wait for its timeout.
/// </summary>
public sealed class UnresponsiveTarget : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> held = [];
    private readonly Lock gate = new();

    public UnresponsiveTarget()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/lb");

    /// <summary>How many connections it has accepted (and left hanging).</summary>
    public int Accepted
    {
        get
        {
            lock (gate)
            {
                return held.Count;
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (gate)
        {
            foreach (var client in held)
            {
                client.Dispose();
            }
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                lock (gate)
                {
                    held.Add(client);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}

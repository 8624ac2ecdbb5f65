namespace Dupstream.Bench.Reloads.Load;

/// <summary>
/// A few clients on keep-alive connections (one pooled connection each, as a browser or an API client keeps),
/// each sending <c>GET /{service}/id</c> every <c>pace</c> to the services that change, counting every request
/// that fails: a non-2xx answer or an exception. (.NET's client resends a request once when a pooled connection
/// turns out to be closed before any answer, as browsers do; such a resend is not a failure a user sees.)
/// </summary>
internal sealed class RequestLoops : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> loops = [];
    private readonly List<HttpClient> clients = [];
    private readonly Lock gate = new();
    private readonly List<string> firstFailures = [];
    private long requests;
    private long failed;

    public long Requests => Interlocked.Read(ref requests);

    public long Failed => Interlocked.Read(ref failed);

    /// <summary>The first few failures, for the report.</summary>
    public IReadOnlyList<string> FirstFailures
    {
        get
        {
            lock (gate)
            {
                return [.. firstFailures];
            }
        }
    }

    public static RequestLoops Start(int nginxPort, IReadOnlyList<string> services, int count, TimeSpan pace)
    {
        var loops = new RequestLoops();
        for (var i = 0; i < count; i++)
        {
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{nginxPort}/"),
                Timeout = TimeSpan.FromSeconds(10),
            };
            loops.clients.Add(client);
            loops.loops.Add(loops.RunAsync(client, services[i % services.Count], pace));
        }

        return loops;
    }

    private async Task RunAsync(HttpClient client, string service, TimeSpan pace)
    {
        using var timer = new PeriodicTimer(pace);
        var path = new Uri($"{service}/id", UriKind.Relative);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref requests);
                try
                {
                    using var response = await client.GetAsync(path, stop.Token).ConfigureAwait(false);
                    _ = await response.Content.ReadAsStringAsync(stop.Token).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        Fail($"{(int)response.StatusCode} {response.StatusCode}");
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
                {
                    Fail($"{exception.GetType().Name}: {exception.Message}{(exception.InnerException is { } inner ? $" ({inner.Message})" : "")}");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private void Fail(string what)
    {
        Interlocked.Increment(ref failed);
        lock (gate)
        {
            if (firstFailures.Count < 5)
            {
                firstFailures.Add(what);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        foreach (var client in clients)
        {
            client.Dispose();
        }

        stop.Dispose();
    }
}

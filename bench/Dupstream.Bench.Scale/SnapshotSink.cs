using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dupstream.Bench.Scale;

/// <summary>The watcher's target during a soak: takes every POST on 127.0.0.1, counts it and answers 200.</summary>
internal sealed class SnapshotSink : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly System.Collections.Concurrent.ConcurrentQueue<long> postTimestamps = new();
    private long posts;
    private long bytes;

    private SnapshotSink(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    public long Posts => Interlocked.Read(ref posts);

    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>When each POST arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>): a soak's timeline.</summary>
    public IReadOnlyList<long> PostTimestamps => [.. postTimestamps];

    public static async Task<SnapshotSink> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new SnapshotSink(app);
        app.Run(async context =>
        {
            var length = 0L;
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            sink.postTimestamps.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            Interlocked.Increment(ref sink.posts);
            Interlocked.Add(ref sink.bytes, length);
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.First();
        sink.Url = new Uri(new Uri(address), "/lb");
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

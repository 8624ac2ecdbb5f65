using System.Net;
using Dupstream.Bench.Reloads.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dupstream.Bench.Reloads.Load;

/// <summary>
/// The nodes' backends: one Kestrel listening on 127.0.1.1..127.0.1.N, all on one port. <c>GET /id</c> answers
/// the address the request came in on (the node's identity); <c>GET /stream</c> sends one byte every
/// <c>streamInterval</c> until the client goes away: the long-lived connections that keep old nginx workers alive.
/// Backends stay up for the whole run, so a failed request is nginx's doing, not a dead peer's.
/// </summary>
internal sealed class LoopbackBackends : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackBackends(WebApplication app) => this.app = app;

    public static async Task<LoopbackBackends> StartAsync(int nodeCount, int port, TimeSpan streamInterval, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.AddServerHeader = false;
            for (var node = 1; node <= nodeCount; node++)
            {
                kestrel.Listen(IPAddress.Parse(BenchCluster.Address(node)), port);
            }
        });
        var app = builder.Build();
        app.MapGet("/id", (HttpContext context) => context.Connection.LocalIpAddress?.ToString() ?? "unknown");
        app.MapGet("/stream", async (HttpContext context) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
            context.Response.ContentType = "application/octet-stream";
            byte[] tick = [(byte)'.'];
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(tick, stop.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                    // The stream's pace (what a ticker or a chat socket does), not a wait for anything.
                    await Task.Delay(streamInterval, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The client left or the run is over.
            }
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new LoopbackBackends(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(deadline.Token).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

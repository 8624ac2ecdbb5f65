using Dupstream.Common.Listening;
using Dupstream.Common.Logging;
using Dupstream.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Dupstream.Monitoring;

/// <summary>
/// The HTTP listener (DUPSTREAM_HTTP_ADDRESS:DUPSTREAM_HTTP_PORT): <c>GET /healthz</c>, <c>GET /metrics</c> and a
/// fixed page on <c>GET /</c> (the original answered 8080 with one). A small Kestrel host of its own, started and
/// stopped by the watcher's host, so the watcher stays a plain generic host and the listener can be turned off.
/// </summary>
internal sealed class MonitoringServer(HttpListenerSettings settings, LogFormat logFormat, TimeSpan shutdownTimeout, WatcherMonitor monitor, ILogger<MonitoringServer> logger)
    : IHostedService, IAsyncDisposable
{
    public const string RootPage = "dupstream: Docker Swarm nodes and published services for load balancers.\nGET /healthz  health (200 or 503, JSON)\nGET /metrics  Prometheus metrics\n";

    private WebApplication? app;

    /// <summary>Where a client on this host reaches the listener (with the real port when port 0 was asked for in tests).</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>Binds and starts the listener; a second call (the host's, after the program started it early) does nothing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => KestrelListening.Listen(kestrel, settings.Address, settings.Port));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdownTimeout);
        WatcherLogging.Configure(builder.Logging, logFormat);
        // This embedded host's own "Hosting failed to start" (with a stack trace) would only repeat the one line
        // the program prints for a listener that cannot bind.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

        var web = builder.Build();
        web.MapGet("/healthz", HealthAsync);
        web.MapMetrics("/metrics", monitor.Metrics.Registry);
        web.MapGet("/", context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(RootPage, context.RequestAborted);
        });

        try
        {
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await web.DisposeAsync().ConfigureAwait(false);
            throw new HttpListenerStartException(
                $"{EnvironmentNames.HttpPort}/{EnvironmentNames.HttpAddress}: cannot listen on {settings}: {exception.Message} (set {EnvironmentNames.HttpPort}=0 to turn the listener off)",
                exception);
        }

        app = web;
        var bound = KestrelListening.BoundAddresses(web.Services) is [var first, ..] ? first : null;
        if (bound is not null)
        {
            BaseAddress = KestrelListening.LocalUri(bound);
            logger.Listening(bound);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is { } web)
        {
            await web.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is { } web)
        {
            app = null;
            await web.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task HealthAsync(HttpContext context)
    {
        var report = monitor.Health();
        context.Response.StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(report, MonitoringJsonContext.Default.HealthReport, cancellationToken: context.RequestAborted);
    }
}

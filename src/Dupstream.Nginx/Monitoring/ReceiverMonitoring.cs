using Dupstream.Common.Logging;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Dupstream.Nginx.Monitoring;

/// <summary>Adds the receiver's log format and metrics to its web app, and maps <c>GET /metrics</c>.</summary>
internal static class ReceiverMonitoring
{
    public const string MetricsPath = "/metrics";

    /// <summary>Call before tests' customisations, so they can still replace the log providers.</summary>
    public static void AddTo(WebApplicationBuilder builder, LogFormat logFormat)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ConsoleLogging.Configure(builder.Logging, logFormat, allToStandardError: false);
        builder.Services.AddSingleton<ReceiverMetrics>();
        builder.Services.AddSingleton<IApplyObserver>(provider => provider.GetRequiredService<ReceiverMetrics>());
    }

    public static void Map(WebApplication app, ReceiverConfig config)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(config);
        var metrics = app.Services.GetRequiredService<ReceiverMetrics>();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                metrics.Answered(RouteOf(context.Request.Path, config.Listening.Endpoint), context.Response.StatusCode);
            }
        });
        app.MapMetrics(MetricsPath, metrics.Registry);
    }

    // The path itself is not a label: any client could make up new ones.
    private static string RouteOf(PathString path, string endpoint) =>
        path.Equals(endpoint, StringComparison.Ordinal) ? "snapshot"
        : path.Equals("/healthz", StringComparison.Ordinal) ? "healthz"
        : path.Equals(MetricsPath, StringComparison.Ordinal) ? "metrics"
        : "other";
}

using Dupstream.Configuration;
using Dupstream.Delivery;
using Dupstream.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dupstream.Monitoring;

/// <summary>
/// Adds the monitor (health state and metrics) as the pipeline's observer and, unless DUPSTREAM_HTTP_PORT=0, the
/// HTTP listener.
/// </summary>
internal static class MonitoringServiceCollectionExtensions
{
    /// <summary>Call before the pipeline's hosted services: the listener binds first, so a port in use stops the start before anything runs.</summary>
    /// <param name="period">DUPSTREAM_PERIOD, which health judges staleness by.</param>
    /// <param name="version">The watcher's version, shown in the metrics.</param>
    /// <param name="shutdownTimeout">How long the listener may take to stop (the watcher's own limit).</param>
    public static IServiceCollection AddWatcherMonitoring(this IServiceCollection services, OperabilitySettings operability, TimeSpan period, string version, TimeSpan shutdownTimeout)
    {
        ArgumentNullException.ThrowIfNull(operability);
        services.AddSingleton(provider => new WatcherMonitor(provider.GetRequiredService<TimeProvider>(), period, version));
        services.AddSingleton<IWatchObserver>(provider => provider.GetRequiredService<WatcherMonitor>());
        services.AddSingleton<IDeliveryObserver>(provider => provider.GetRequiredService<WatcherMonitor>());
        if (operability.HttpListener is { } listener)
        {
            services.AddSingleton(provider => new MonitoringServer(
                listener, operability.LogFormat, shutdownTimeout, provider.GetRequiredService<WatcherMonitor>(), provider.GetRequiredService<ILogger<MonitoringServer>>()));
            services.AddHostedService(provider => provider.GetRequiredService<MonitoringServer>());
        }

        return services;
    }
}

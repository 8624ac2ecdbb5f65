using Dupstream.Configuration;
using Dupstream.Hosting;
using Dupstream.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dupstream.Monitoring;

/// <summary>Adds the monitor (health state and metrics) and, unless DUPSTREAM_HTTP_PORT=0, the HTTP listener.</summary>
internal static class MonitoringServiceCollectionExtensions
{
    /// <summary>Call before the pipeline's hosted services: the listener binds first, so a port in use stops the start before anything runs.</summary>
    public static IServiceCollection AddWatcherMonitoring(this IServiceCollection services, WatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(provider => new WatcherMonitor(
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<RefreshSettings>(), StartupAnnouncer.Version));
        if (options.HttpListener is { } listener)
        {
            services.AddSingleton(provider => new MonitoringServer(
                listener, options.LogFormat, provider.GetRequiredService<WatcherMonitor>(), provider.GetRequiredService<ILogger<MonitoringServer>>()));
            services.AddHostedService(provider => provider.GetRequiredService<MonitoringServer>());
        }

        return services;
    }
}

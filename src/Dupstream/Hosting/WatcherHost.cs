using Dupstream.Common.Logging;
using Dupstream.Delivery;
using Dupstream.Docker;
using Dupstream.Monitoring;
using Dupstream.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Dupstream.Hosting;

/// <summary>Wires the pipeline: engine -> refresh loop (+ event stream) -> delivery workers -> targets.</summary>
internal static class WatcherHost
{
    // SIGTERM must end the process within a second; every loop honours cancellation well within this.
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMilliseconds(800);

    /// <param name="engine">Replaces the engine from DOCKER_HOST (tests run the whole host against a scripted engine).</param>
    public static IHost Build(WatcherConfiguration configuration, IReadOnlyList<string> warnings, TimeProvider? time = null, IDockerEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // The command line is parsed by System.CommandLine; no appsettings files either (env vars are the contract).
            Args = [],
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });

        WatcherLogging.Configure(builder.Logging, configuration.Operability.LogFormat);
        var services = builder.Services;
        var (flags, timing) = (configuration.Flags, configuration.Timing);
        services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        services.AddSingleton(configuration);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(new StartupWarnings(warnings));

        services.AddSingleton(RefreshSettings.From(timing.Period));
        services.AddSingleton(DeliverySettings.From(timing.Period, flags.Always, flags.Debug));
        services.AddSingleton<IDockerEngine>(_ => engine ?? new DockerEngine(DockerClientFactory.Create(configuration.Engine)));
        services.AddSingleton(ListingMemory.Shared);
        services.AddSingleton<SwarmReader>();
        services.AddSingleton<RefreshSignals>();
        foreach (var target in configuration.Targets)
        {
            target.AddTargets(services, timing);
        }

        services.AddSingleton<DeliveryCoordinator>();
        services.AddSingleton<ISnapshotPublisher>(provider => provider.GetRequiredService<DeliveryCoordinator>());

        // Order matters: the HTTP listener binds first (a port in use stops the start before anything runs), then
        // the start line, delivery workers before the loop that feeds them.
        services.AddWatcherMonitoring(configuration.Operability, timing.Period, StartupAnnouncer.Version, ShutdownTimeout);
        services.AddHostedService<StartupAnnouncer>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryCoordinator>());
        services.AddHostedService<EventStreamWatcher>();
        services.AddHostedService<RefreshLoop>();
        return builder.Build();
    }

    public static void ConfigureLogging(ILoggingBuilder logging) => WatcherLogging.Configure(logging, LogFormat.Plain);
}

using Dupstream.Common.Logging;
using Dupstream.Configuration;
using Dupstream.Delivery;
using Dupstream.Delivery.Consul;
using Dupstream.Docker;
using Dupstream.Monitoring;
using Dupstream.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Dupstream.Hosting;

/// <summary>Wires the pipeline: engine -> refresh loop (+ event stream) -> delivery workers -> targets.</summary>
internal static class WatcherHost
{
    // SIGTERM must end the process within a second; every loop honours cancellation well within this.
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMilliseconds(800);

    /// <param name="engine">Replaces the engine from DOCKER_HOST (tests run the whole host against a scripted engine).</param>
    public static IHost Build(WatcherOptions parsed, IReadOnlyList<string> warnings, TimeProvider? time = null, IDockerEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // The command line is parsed by System.CommandLine; no appsettings files either (env vars are the contract).
            Args = [],
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });

        WatcherLogging.Configure(builder.Logging, parsed.LogFormat);
        var services = builder.Services;
        services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        services.AddOptions<WatcherOptions>().Configure(parsed.CopyTo).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WatcherOptions>, WatcherOptionsValidator>();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(new StartupWarnings(warnings));

        services.AddSingleton(provider => RefreshSettings.From(Options(provider)));
        services.AddSingleton(provider => DeliverySettings.From(Options(provider)));
        services.AddSingleton<IDockerEngine>(provider => engine ?? new DockerEngine(DockerClientFactory.Create(Options(provider).Engine)));
        services.AddSingleton(ListingMemory.Shared);
        services.AddSingleton<SwarmReader>();
        services.AddSingleton<RefreshSignals>();
        services.AddSingleton(provider => CreateHttpClient(Options(provider)));
        services.AddSingleton(provider => new SnapshotRequestFactory(Options(provider).Secret, provider.GetRequiredService<TimeProvider>(), Options(provider).SignatureOnly));
        services.AddSingleton<IEnumerable<ITarget>>(provider =>
        {
            var options = Options(provider);
            var client = provider.GetRequiredService<HttpClient>();
            var requests = provider.GetRequiredService<SnapshotRequestFactory>();
            var clock = provider.GetRequiredService<TimeProvider>();
            var targets = options.ServiceKinds.HasFlag(ServiceKinds.Http)
                ? options.Targets.Select(url => (ITarget)new HttpTarget(url, client, requests, options.RequestTimeout, clock)).ToList()
                : [];
            if (options.ServiceKinds.HasFlag(ServiceKinds.Consul) && options.Consul is not null)
            {
                targets.Add(new ConsulTarget(provider.GetRequiredService<ConsulCatalogClient>(), provider.GetRequiredService<ILogger<ConsulTarget>>()));
            }

            return targets;
        });
        services.AddSingleton(provider =>
        {
            var options = Options(provider);
            var consul = options.Consul ?? throw new InvalidOperationException("No Consul settings.");
            return new ConsulCatalogClient(consul, ConsulHttpClientFactory.Create(consul, options.RequestTimeout), options.RequestTimeout, provider.GetRequiredService<TimeProvider>(), ownsClient: true);
        });
        services.AddSingleton<DeliveryCoordinator>();
        services.AddSingleton<ISnapshotPublisher>(provider => provider.GetRequiredService<DeliveryCoordinator>());

        // Order matters: the HTTP listener binds first (a port in use stops the start before anything runs), then
        // the start line, delivery workers before the loop that feeds them.
        services.AddWatcherMonitoring(parsed, StartupAnnouncer.Version, ShutdownTimeout);
        services.AddHostedService<StartupAnnouncer>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryCoordinator>());
        services.AddHostedService<EventStreamWatcher>();
        services.AddHostedService<RefreshLoop>();
        return builder.Build();
    }

    public static void ConfigureLogging(ILoggingBuilder logging) => WatcherLogging.Configure(logging, LogFormat.Plain);

    private static WatcherOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<WatcherOptions>>().Value;

    private static HttpClient CreateHttpClient(WatcherOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // A 3xx is not an acknowledgement; following it would turn the POST into a GET.
            AllowAutoRedirect = false,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        ExtraCaTrust.Apply(handler, options.CaCertificatesPem);
        // Each request carries its own timeout (HttpTarget); the client-wide one would only get in the way.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}

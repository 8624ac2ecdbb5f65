using System.Globalization;
using System.Reflection;
using Dupstream.Delivery;
using Dupstream.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dupstream.Hosting;

/// <summary>Writes the one start line (endpoint, targets without secrets, period, mode) and the configuration warnings.</summary>
internal sealed class StartupAnnouncer(WatcherConfiguration configuration, IEnumerable<ITarget> targets, StartupWarnings warnings, ILogger<StartupAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var flags = configuration.Flags;
        var mode = (flags.Always ? "always" : "on-change") + (flags.Debug ? "+debug" : string.Empty);
        var engine = configuration.Engine.ToString();
        var displays = string.Join(" | ", targets.Select(target => target.Display));
        logger.Started(
            Version,
            engine,
            displays,
            configuration.Timing.Period.TotalSeconds,
            configuration.Timing.RequestTimeout.TotalSeconds,
            mode);
        foreach (var warning in warnings.Messages)
        {
            logger.ConfigurationWarning(warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        logger.Stopping();
        return Task.CompletedTask;
    }

    public static string Version { get; } =
        typeof(StartupAnnouncer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(StartupAnnouncer).Assembly.GetName().Version?.ToString(3)
        ?? string.Create(CultureInfo.InvariantCulture, $"{0}");
}

using System.Globalization;
using System.Reflection;
using Dupstream.Configuration;
using Dupstream.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dupstream.Hosting;

/// <summary>Writes the one start line (endpoint, targets without secrets, period, mode) and the configuration warnings.</summary>
internal sealed class StartupAnnouncer(IOptions<WatcherOptions> options, StartupWarnings warnings, ILogger<StartupAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        var mode = (value.Always ? "always" : "on-change") + (value.Debug ? "+debug" : string.Empty);
        var engine = value.Engine.ToString();
        var consul = value.ServiceKinds.HasFlag(ServiceKinds.Consul) && value.Consul is { } settings ? [settings.Display] : Array.Empty<string>();
        var targets = string.Join(" | ", value.Targets.Select(TargetDisplay.Of).Concat(consul));
        logger.Started(
            Version,
            engine,
            targets,
            value.Period.TotalSeconds,
            value.RequestTimeout.TotalSeconds,
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

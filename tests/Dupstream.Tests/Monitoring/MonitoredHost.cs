using System.Net;
using Dupstream.Configuration;
using Dupstream.Hosting;
using Dupstream.Monitoring;
using Dupstream.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dupstream.Tests.Monitoring;

/// <summary>The whole watcher host against a scripted engine, with its HTTP listener on 127.0.0.1 and a free port.</summary>
internal sealed class MonitoredHost : IAsyncDisposable
{
    private readonly IHost host;

    private MonitoredHost(IHost host, Uri listener)
    {
        this.host = host;
        Client = new HttpClient { BaseAddress = listener, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }

    public static async Task<MonitoredHost> StartAsync(FakeEngine engine, IEnumerable<Uri> targets, double periodSeconds, TimeProvider? time = null)
    {
        var configuration = WatcherConfigurationReader.Read(
            new Dictionary<string, string?>
            {
                ["DUPSTREAM_SERVICE_URL"] = string.Join('|', targets),
                ["DUPSTREAM_SERVICE_SECRET"] = "monitoring-secret",
                ["DUPSTREAM_PERIOD"] = periodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            CommandLineFlags.None);
        Assert.True(configuration.IsValid, string.Join("\n", configuration.Errors));
        var options = configuration.Configuration!;

        // Port 0 in the environment turns the listener off; a test asks Kestrel for a free port directly.
        options = options with { Operability = options.Operability with { HttpListener = new HttpListenerSettings(IPAddress.Loopback, 0) } };
        var host = WatcherHost.Build(options, configuration.Warnings, time, engine);
        await host.StartAsync();
        var listener = host.Services.GetRequiredService<MonitoringServer>().BaseAddress ?? throw new InvalidOperationException("The listener did not bind.");
        return new MonitoredHost(host, listener);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await host.StopAsync();
        host.Dispose();
    }
}

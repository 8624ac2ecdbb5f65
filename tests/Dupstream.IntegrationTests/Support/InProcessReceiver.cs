using System.Text.Json.Nodes;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dupstream.IntegrationTests.Support;

/// <summary>
/// The real receiver, in-process on 127.0.0.1, configured through a config.json in a temp directory of its own as a
/// user would configure it, in <c>ip</c> mode, testing and reloading a private nginx. The receiver fixtures of the
/// test collections wrap it and add what their tests need.
/// </summary>
public sealed class InProcessReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;

    private InProcessReceiver(WebApplication app, string directory)
    {
        this.app = app;
        this.directory = directory;
        BaseAddress = ReceiverApp.BaseAddress(app);
    }

    /// <summary>Where the receiver listens (http://127.0.0.1:port/).</summary>
    public Uri BaseAddress { get; }

    /// <param name="tempPrefix">The start of the temp directory's name (it holds config.json and the hosts file).</param>
    /// <param name="settings">
    /// The settings that differ between tests (secret, upstream_file, port, ...); the receiver's hosts file, the
    /// <c>ip</c> server address, the nginx commands and the loopback listen address are added here.
    /// </param>
    /// <param name="nginxTestCommand">The private nginx's <c>nginx -t</c> command line.</param>
    /// <param name="nginxReloadCommand">The private nginx's reload command line.</param>
    public static async Task<InProcessReceiver> StartAsync(string tempPrefix, JsonObject settings, string nginxTestCommand, string nginxReloadCommand)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var directory = Directory.CreateTempSubdirectory(tempPrefix).FullName;
        settings["server_address"] = "ip";
        settings["hostsfile"] = Path.Combine(directory, "hosts");
        settings["nginx_test_command"] = nginxTestCommand;
        settings["reload_nginx_command"] = nginxReloadCommand;
        settings["listen_address"] = "127.0.0.1";
        File.WriteAllText(Path.Combine(directory, "config.json"), settings.ToJsonString());
        var loaded = ReceiverConfigLoader.Load("config.json", _ => null, insecure: false, directory);
        var app = ReceiverApp.Build(loaded, insecure: false, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new InProcessReceiver(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}

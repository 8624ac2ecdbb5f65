using System.Text.Json.Nodes;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Tests.Api;

/// <summary>The real receiver app on 127.0.0.1 with a free port, over a temp directory; reloads counted in a file.</summary>
internal sealed class RunningReceiver : IAsyncDisposable
{
    private RunningReceiver(TempDirectory dir, WebApplication app, HttpMessageHandler? handler)
    {
        Dir = dir;
        App = app;
        Client = new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = ReceiverApp.BaseAddress(app) };
    }

    public TempDirectory Dir { get; }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public int Reloads => File.Exists(Dir.File("reloads.txt")) ? File.ReadAllLines(Dir.File("reloads.txt")).Length : 0;

    public static async Task<RunningReceiver> StartAsync(
        JsonObject? overrides = null,
        bool insecure = false,
        Action<WebApplicationBuilder>? customize = null,
        HttpMessageHandler? handler = null,
        TempDirectory? directory = null)
    {
        var dir = directory ?? new TempDirectory();
        var settings = new JsonObject { ["reload_nginx_command"] = $"echo reload >> {dir.File("reloads.txt")}" };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value?.DeepClone();
        }

        var config = TestConfigs.Load(dir, settings, insecure);
        var app = ReceiverApp.Build(config, insecure, b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            customize?.Invoke(b);
        });
        await app.StartAsync();
        return new RunningReceiver(dir, app, handler);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Dir.Dispose();
    }
}

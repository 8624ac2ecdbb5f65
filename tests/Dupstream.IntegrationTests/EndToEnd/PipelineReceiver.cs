using System.Text.Json.Nodes;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dupstream.IntegrationTests.EndToEnd;

/// <summary>
/// The real receiver, in-process on 127.0.0.1 (free port), configured as a user would for a swarm whose node
/// addresses nginx can reach: <c>server_address: ip</c>, <c>upstream.always: false</c>, the private nginx's test and
/// reload commands, one upstream file in the nginx prefix.
/// </summary>
public sealed class PipelineReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;

    private PipelineReceiver(WebApplication app, string directory, string upstreamFile, string secret)
    {
        this.app = app;
        this.directory = directory;
        UpstreamFile = upstreamFile;
        Secret = secret;
        Url = new Uri(ReceiverApp.BaseAddress(app), "/lb");
    }

    public string UpstreamFile { get; }

    public string Secret { get; }

    /// <summary>The endpoint the watcher posts to.</summary>
    public Uri Url { get; }

    /// <param name="port">0 for a free port; a fixed one to bring a receiver back where the watcher posts (restart tests).</param>
    /// <param name="secret">The shared secret; a fresh one when null.</param>
    public static async Task<PipelineReceiver> StartAsync(PrivateNginx nginx, string name, int port = 0, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(nginx);
        var directory = Directory.CreateTempSubdirectory("dupstream-e2e-receiver-").FullName;
        secret ??= "e2e-" + Guid.NewGuid().ToString("N");
        var upstreamFile = Path.Combine(nginx.UpstreamsDirectory, name + ".upstreams");
        var config = new JsonObject
        {
            ["secret"] = secret,
            ["upstream_file"] = new JsonObject { ["default"] = upstreamFile },
            ["server_address"] = "ip",
            ["upstream"] = new JsonObject { ["always"] = false },
            ["hostsfile"] = Path.Combine(directory, "hosts"),
            ["nginx_test_command"] = nginx.TestCommand,
            ["reload_nginx_command"] = nginx.ReloadCommand,
            ["port"] = port,
            ["listen_address"] = "127.0.0.1",
        };
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString());
        var loaded = ReceiverConfigLoader.Load("config.json", _ => null, insecure: false, directory);
        var app = ReceiverApp.Build(loaded, insecure: false, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new PipelineReceiver(app, directory, upstreamFile, secret);
    }

    /// <summary>The upstream file's text, or "" before the first apply wrote it.</summary>
    public string UpstreamText => File.Exists(UpstreamFile) ? File.ReadAllText(UpstreamFile) : "";

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dupstream.IntegrationTests.Nginx;

/// <summary>
/// The real receiver, in-process on 127.0.0.1 with a free port, in <c>ip</c> mode, writing one upstream
/// file inside the lab's prefix and testing/reloading the lab's nginx.
/// </summary>
public sealed class LabReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;

    private LabReceiver(WebApplication app, string directory, string upstreamFile, string? globalFile)
    {
        this.app = app;
        this.directory = directory;
        UpstreamFile = upstreamFile;
        GlobalFile = globalFile;
        Client = new HttpClient { BaseAddress = ReceiverApp.BaseAddress(app) };
    }

    public string UpstreamFile { get; }

    /// <summary>The second upstream file ("global"), when the receiver was started with two.</summary>
    public string? GlobalFile { get; }

    public HttpClient Client { get; }

    public static async Task<LabReceiver> StartAsync(NginxLab lab, string name, bool withGlobalFile = false)
    {
        var directory = Directory.CreateTempSubdirectory("dupstream-nginx-receiver-").FullName;
        // Not *.conf: nginx includes it only through the site file the test writes.
        var upstreamFile = Path.Combine(lab.SitesDirectory, name + ".upstreams");
        var globalFile = withGlobalFile ? Path.Combine(lab.SitesDirectory, name + "-global.upstreams") : null;
        var files = new JsonObject { ["default"] = upstreamFile };
        if (globalFile is not null)
        {
            files["global"] = globalFile;
        }
        var config = new JsonObject
        {
            ["secret"] = "lab-secret",
            ["upstream_file"] = files,
            ["server_address"] = "ip",
            ["hostsfile"] = Path.Combine(directory, "hosts"),
            ["nginx_test_command"] = lab.TestCommand,
            ["reload_nginx_command"] = lab.ReloadCommand,
            ["port"] = 0,
            ["listen_address"] = "127.0.0.1",
        };
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString());
        var loaded = ReceiverConfigLoader.Load("config.json", _ => null, insecure: false, directory);
        var app = ReceiverApp.Build(loaded, insecure: false, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new LabReceiver(app, directory, upstreamFile, globalFile);
    }

    public async Task<(int Status, JsonNode Body)> PostAsync(SwarmSnapshot snapshot)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = new ByteArrayContent(SnapshotJson.Serialize(snapshot)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-SECRET", "lab-secret");
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text) ?? throw new JsonException("empty answer"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}

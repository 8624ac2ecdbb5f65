using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Nginx;

/// <summary>
/// The real receiver, in-process on 127.0.0.1 with a free port, in <c>ip</c> mode, writing one upstream
/// file inside the lab's prefix and testing/reloading the lab's nginx.
/// </summary>
public sealed class LabReceiver : IAsyncDisposable
{
    private readonly InProcessReceiver receiver;

    private LabReceiver(InProcessReceiver receiver, string upstreamFile, string? globalFile)
    {
        this.receiver = receiver;
        UpstreamFile = upstreamFile;
        GlobalFile = globalFile;
        Client = new HttpClient { BaseAddress = receiver.BaseAddress };
    }

    public string UpstreamFile { get; }

    /// <summary>The second upstream file ("global"), when the receiver was started with two.</summary>
    public string? GlobalFile { get; }

    public HttpClient Client { get; }

    public static async Task<LabReceiver> StartAsync(NginxLab lab, string name, bool withGlobalFile = false)
    {
        ArgumentNullException.ThrowIfNull(lab);
        // Not *.conf: nginx includes it only through the site file the test writes.
        var upstreamFile = Path.Combine(lab.SitesDirectory, name + ".upstreams");
        var globalFile = withGlobalFile ? Path.Combine(lab.SitesDirectory, name + "-global.upstreams") : null;
        var files = new JsonObject { ["default"] = upstreamFile };
        if (globalFile is not null)
        {
            files["global"] = globalFile;
        }
        var settings = new JsonObject
        {
            ["secret"] = "lab-secret",
            ["upstream_file"] = files,
            ["port"] = 0,
            // The backends are on loopback addresses of this one host, which a real receiver refuses for nodes.
            ["allow_unsafe_nodes"] = true,
        };
        var receiver = await InProcessReceiver.StartAsync("dupstream-nginx-receiver-", settings, lab.TestCommand, lab.ReloadCommand);
        return new LabReceiver(receiver, upstreamFile, globalFile);
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
        await receiver.DisposeAsync();
    }
}

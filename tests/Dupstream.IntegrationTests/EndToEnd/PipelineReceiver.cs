using System.Text.Json.Nodes;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.EndToEnd;

/// <summary>
/// The real receiver, in-process on 127.0.0.1 (free port), configured as a user would for a swarm whose node
/// addresses nginx can reach: <c>server_address: ip</c>, <c>upstream.always: false</c>, the private nginx's test and
/// reload commands, one upstream file in the nginx prefix.
/// </summary>
public sealed class PipelineReceiver : IAsyncDisposable
{
    private readonly InProcessReceiver receiver;

    private PipelineReceiver(InProcessReceiver receiver, string upstreamFile, string secret)
    {
        this.receiver = receiver;
        UpstreamFile = upstreamFile;
        Secret = secret;
        Url = new Uri(receiver.BaseAddress, "/lb");
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
        secret ??= "e2e-" + Guid.NewGuid().ToString("N");
        var upstreamFile = Path.Combine(nginx.UpstreamsDirectory, name + ".upstreams");
        var settings = new JsonObject
        {
            ["secret"] = secret,
            ["upstream_file"] = new JsonObject { ["default"] = upstreamFile },
            ["upstream"] = new JsonObject { ["always"] = false },
            ["port"] = port,
        };
        var receiver = await InProcessReceiver.StartAsync("dupstream-e2e-receiver-", settings, nginx.TestCommand, nginx.ReloadCommand);
        return new PipelineReceiver(receiver, upstreamFile, secret);
    }

    /// <summary>The upstream file's text, or "" before the first apply wrote it.</summary>
    public string UpstreamText => File.Exists(UpstreamFile) ? File.ReadAllText(UpstreamFile) : "";

    public ValueTask DisposeAsync() => receiver.DisposeAsync();
}

using Dupstream.Common.Http;
using Dupstream.SyntheticEngine.Cluster;

namespace Dupstream.SyntheticEngine.Tests;

/// <summary>A synthetic engine on a socket of its own, with an HttpClient that talks to it.</summary>
internal sealed class EngineOnSocket : IAsyncDisposable
{
    private readonly string directory;

    private EngineOnSocket(string directory, SyntheticEngine engine)
    {
        this.directory = directory;
        Engine = engine;
        Http = new HttpClient(UnixSocketHttp.Handler(engine.SocketPath)) { BaseAddress = new Uri("http://engine/") };
    }

    public SyntheticEngine Engine { get; }

    public ClusterState Cluster => Engine.Cluster;

    public HttpClient Http { get; }

    public static async Task<EngineOnSocket> StartAsync(ClusterSpec spec)
    {
        var directory = Directory.CreateTempSubdirectory("dse-").FullName;
        var engine = await SyntheticEngine.StartAsync(Path.Combine(directory, "engine.sock"), spec);
        return new EngineOnSocket(directory, engine);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Engine.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}

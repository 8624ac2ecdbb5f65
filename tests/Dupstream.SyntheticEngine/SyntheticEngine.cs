using Dupstream.SyntheticEngine.Cluster;
using Dupstream.SyntheticEngine.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Dupstream.SyntheticEngine;

/// <summary>
/// A generated swarm served on a unix socket like a Docker 20.10 engine. For scale measurements only:
/// functional tests use the real engine. Dispose to stop it and remove the socket.
/// </summary>
public sealed class SyntheticEngine : IAsyncDisposable
{
    private readonly WebApplication app;

    private SyntheticEngine(WebApplication app, string socketPath, ClusterState cluster, TrafficCounters traffic)
    {
        this.app = app;
        SocketPath = socketPath;
        Cluster = cluster;
        Traffic = traffic;
    }

    public string SocketPath { get; }

    /// <summary>The DOCKER_HOST value for this engine.</summary>
    public Uri DockerHost => new("unix://" + SocketPath);

    public ClusterState Cluster { get; }

    public TrafficCounters Traffic { get; }

    public static async Task<SyntheticEngine> StartAsync(string socketPath, ClusterSpec spec, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var clock = time ?? TimeProvider.System;
        var cluster = new ClusterState(spec, clock);
        var traffic = new TrafficCounters();
        var api = new EngineApi(cluster, traffic, clock);
        if (File.Exists(socketPath))
        {
            File.Delete(socketPath);
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.ListenUnixSocket(socketPath);
        });
        var app = builder.Build();
        app.Run(api.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SyntheticEngine(app, socketPath, cluster, traffic);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        if (File.Exists(SocketPath))
        {
            File.Delete(SocketPath);
        }
    }
}

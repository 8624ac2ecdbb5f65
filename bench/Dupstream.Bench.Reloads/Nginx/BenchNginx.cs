using Dupstream.Bench.Reloads.Cluster;

namespace Dupstream.Bench.Reloads.Nginx;

/// <summary>
/// Debian's nginx under a prefix of its own (the shared <see cref="PrivateNginxServer"/>), with the Lua module
/// loaded in both modes (so the modes differ only in what the receiver does) and <c>worker_processes</c> as
/// asked. It includes the receiver's folder (<c>upstreams/*.conf</c>: the upstream file and, in lua mode, the
/// generated <c>dupstream-lua.conf</c>) and, once the upstreams exist, the bench site proxying to them.
/// </summary>
internal sealed class BenchNginx : IAsyncDisposable
{
    private readonly PrivateNginxServer server;

    private BenchNginx(PrivateNginxServer server, int healthPort, int proxyPort)
    {
        this.server = server;
        HealthPort = healthPort;
        ProxyPort = proxyPort;
    }

    public string Prefix => server.Prefix;

    public int HealthPort { get; }

    /// <summary>The port of the bench site: <c>/{service}/...</c> is proxied to the upstream <c>{service}</c>.</summary>
    public int ProxyPort { get; }

    public string ErrorLog => server.ErrorLog;

    public string UpstreamFile => Path.Combine(Prefix, "upstreams", "default.conf");

    public string TestCommand => server.TestCommand;

    public string ReloadCommand => server.ReloadCommand;

    public int MasterProcessId => server.MasterProcessId ?? throw new InvalidOperationException("nginx is not running.");

    /// <summary>Makes the prefix and picks the ports; <see cref="StartAsync"/> starts nginx.</summary>
    public static BenchNginx Create(int workerProcesses)
    {
        var server = new PrivateNginxServer("dupstream-bench-reloads-", "bench nginx", "upstreams/*.conf", "sites/*.conf")
        {
            LoadLuaModule = true,
            WorkerProcesses = workerProcesses,
            WorkerConnections = 4096,
        };
        Directory.CreateDirectory(Path.Combine(server.Prefix, "upstreams"));
        return new BenchNginx(server, FreePort.Next(), FreePort.Next());
    }

    /// <summary>Starts the master with whatever the receiver has written so far (nothing, at first: the globs match nothing).</summary>
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(HealthPort).WaitAsync(cancellationToken);

    /// <summary>
    /// Adds the site that proxies to the services and reloads. Only after the first apply: nginx refuses a
    /// <c>proxy_pass</c> to an upstream name that no upstream block defines yet.
    /// </summary>
    public async Task AddSiteAsync(IEnumerable<string> services)
    {
        var locations = string.Concat(services.Select(service => $$"""

                location /{{service}}/ {
                    proxy_pass http://{{service}}/;
                    proxy_buffering off;
                    proxy_read_timeout 1h;
                }
            """));
        await File.WriteAllTextAsync(Path.Combine(Prefix, "sites", "bench.conf"), $$"""
            server {
                listen 127.0.0.1:{{ProxyPort}} backlog=1024;
            {{locations}}
            }

            """).ConfigureAwait(false);
        await server.ReloadAsync().ConfigureAwait(false);
    }

    public static IEnumerable<string> Services => [ChangePlan.StreamService, ChangePlan.RollingService, ChangePlan.ScaledService];

    public ValueTask DisposeAsync() => new(server.StopAndDeleteAsync());
}

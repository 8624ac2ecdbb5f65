using Dupstream.IntegrationTests.Nginx;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.EndToEnd;

/// <summary>
/// Debian's nginx with a prefix of its own under /tmp, listening only on loopback, for the end-to-end tests (which
/// belong to the swarm collection and so cannot share the nginx collection's fixture). nginx.conf includes
/// <c>upstreams/*.upstreams</c> (what receivers write; a glob may match nothing) and <c>sites/*.conf</c>; tests add
/// sites and reload. Starting, waiting for and stopping nginx is <see cref="PrivateNginxServer"/>'s.
/// </summary>
public sealed class PrivateNginx : IAsyncLifetime
{
    private readonly PrivateNginxServer server = new("dupstream-e2e-nginx-", "private nginx", "upstreams/*.upstreams", "sites/*.conf");

    public string Prefix => server.Prefix;

    public string ConfPath => server.ConfPath;

    public string SitesDirectory => Path.Combine(Prefix, "sites");

    public string UpstreamsDirectory => Path.Combine(Prefix, "upstreams");

    public string ErrorLog => server.ErrorLog;

    public string TestCommand => server.TestCommand;

    public string ReloadCommand => server.ReloadCommand;

    /// <summary>Starts nginx, on a fresh health port each time (the outage tests start it again after stopping it).</summary>
    public Task InitializeAsync() => server.StartAsync(FreePort.Next());

    /// <summary>Adds a server on a fresh loopback port that proxies to the upstream <paramref name="upstream"/>, and reloads.</summary>
    /// <remarks>
    /// The upstream is named through a variable so the site stays valid when the receiver drops the upstream
    /// (upstream.always=false): nginx then answers 502 instead of failing <c>nginx -t</c>.
    /// </remarks>
    /// <param name="readTimeout">A proxy_read_timeout (e.g. "2s") so a server that stops answering mid-request is left quickly; nginx's 60 s when null.</param>
    public async Task<Uri> AddProxySiteAsync(string name, string upstream, string? readTimeout = null)
    {
        var port = FreePort.Next();
        var readTimeoutLine = readTimeout is null ? "" : $"proxy_read_timeout {readTimeout};";
        File.WriteAllText(Path.Combine(SitesDirectory, name + ".conf"), $$"""
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    set $backend {{upstream}};
                    proxy_pass http://$backend;
                    proxy_next_upstream error timeout http_502 http_503 http_504;
                    proxy_connect_timeout 1s;
                    {{readTimeoutLine}}
                }
            }
            """);
        await server.ReloadAsync();

        // "nginx -s reload" only signals the master; the new server listens once the master has re-read its config.
        var site = new Uri($"http://127.0.0.1:{port}/");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync(site);
                return true;
            },
            TimeSpan.FromSeconds(20),
            $"nginx to listen on {site} after the reload");
        return site;
    }

    /// <summary>Runs a command line through /bin/sh; returns its exit code and stderr.</summary>
    public static Task<(int ExitCode, string Error)> RunAsync(string commandLine) => PrivateNginxServer.RunAsync(commandLine);

    public Task DisposeAsync() => server.StopAndDeleteAsync();
}

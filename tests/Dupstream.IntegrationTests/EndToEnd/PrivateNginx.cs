using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.EndToEnd;

/// <summary>
/// Debian's nginx with a prefix of its own under /tmp, listening only on loopback, for the end-to-end tests (which
/// belong to the swarm collection and so cannot share the nginx collection's fixture). nginx.conf includes
/// <c>upstreams/*.upstreams</c> (what receivers write; a glob may match nothing) and <c>sites/*.conf</c>; tests add
/// sites and reload. It runs in the foreground as our child and is stopped on dispose.
/// </summary>
public sealed class PrivateNginx : IAsyncLifetime
{
    private const string NginxBinary = "/usr/sbin/nginx";
    private Process? master;

    public string Prefix { get; } = Directory.CreateTempSubdirectory("dupstream-e2e-nginx-").FullName;

    public string ConfPath => Path.Combine(Prefix, "nginx.conf");

    public string SitesDirectory => Path.Combine(Prefix, "sites");

    public string UpstreamsDirectory => Path.Combine(Prefix, "upstreams");

    public string ErrorLog => Path.Combine(Prefix, "error.log");

    public string TestCommand => $"{NginxBinary} -t -q -p {Prefix}/ -c {ConfPath}";

    public string ReloadCommand => $"{NginxBinary} -s reload -p {Prefix}/ -c {ConfPath}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(SitesDirectory);
        Directory.CreateDirectory(UpstreamsDirectory);
        Directory.CreateDirectory(Path.Combine(Prefix, "tmp"));
        var healthPort = LoopbackPort();
        File.WriteAllText(ConfPath, $$"""
            daemon off;
            worker_processes 1;
            pid {{Prefix}}/nginx.pid;
            error_log {{ErrorLog}} warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{Prefix}}/tmp/body;
                proxy_temp_path {{Prefix}}/tmp/proxy;
                fastcgi_temp_path {{Prefix}}/tmp/fastcgi;
                uwsgi_temp_path {{Prefix}}/tmp/uwsgi;
                scgi_temp_path {{Prefix}}/tmp/scgi;
                include {{UpstreamsDirectory}}/*.upstreams;
                include {{SitesDirectory}}/*.conf;
                server {
                    listen 127.0.0.1:{{healthPort}};
                    location / { return 200 "up"; }
                }
            }
            """);

        var start = new ProcessStartInfo(NginxBinary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-p", Prefix + "/", "-c", ConfPath])
        {
            start.ArgumentList.Add(arg);
        }

        master = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Eventually.UntilAsync(
                async () => master.HasExited
                    ? throw new InvalidOperationException($"nginx exited: {await master.StandardError.ReadToEndAsync()}")
                    : await client.GetStringAsync(new Uri($"http://127.0.0.1:{healthPort}/")) == "up",
                TimeSpan.FromSeconds(20),
                "the private nginx to answer");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a server on a fresh loopback port that proxies to the upstream <paramref name="upstream"/>, and reloads.</summary>
    /// <remarks>
    /// The upstream is named through a variable so the site stays valid when the receiver drops the upstream
    /// (upstream.always=false): nginx then answers 502 instead of failing <c>nginx -t</c>.
    /// </remarks>
    /// <param name="readTimeout">A proxy_read_timeout (e.g. "2s") so a server that stops answering mid-request is left quickly; nginx's 60 s when null.</param>
    public async Task<Uri> AddProxySiteAsync(string name, string upstream, string? readTimeout = null)
    {
        var port = LoopbackPort();
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
        var (code, error) = await RunAsync(ReloadCommand);
        Assert.True(code == 0, $"nginx reload failed: {error}");

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
    public static async Task<(int ExitCode, string Error)> RunAsync(string commandLine)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(commandLine);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await error);
    }

    public async Task DisposeAsync()
    {
        if (master is { HasExited: false })
        {
            await RunAsync($"{NginxBinary} -s stop -p {Prefix}/ -c {ConfPath}");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await master.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                master.Kill(entireProcessTree: true);
                await master.WaitForExitAsync(CancellationToken.None);
            }
        }

        master?.Dispose();
        Directory.Delete(Prefix, recursive: true);
    }

    private static int LoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

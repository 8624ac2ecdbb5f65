using System.Diagnostics;

namespace Dupstream.Bench.Scale;

/// <summary>
/// Debian's nginx under a prefix of its own (config, pid, logs, temp paths), listening on one loopback port,
/// including the upstream file the receiver writes. Runs in the foreground as our child; stopped on dispose.
/// </summary>
internal sealed class PrivateNginx : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";
    private readonly Process master;

    private PrivateNginx(string prefix, int port, Process master)
    {
        Prefix = prefix;
        Port = port;
        this.master = master;
    }

    public string Prefix { get; }

    public int Port { get; }

    public string ConfPath => Path.Combine(Prefix, "nginx.conf");

    public string UpstreamFile => Path.Combine(Prefix, "upstreams.conf");

    public string TestCommand => $"{Binary} -t -q -p {Prefix}/ -c {ConfPath}";

    public string ReloadCommand => $"{Binary} -s reload -p {Prefix}/ -c {ConfPath}";

    public static async Task<PrivateNginx> StartAsync(CancellationToken cancellationToken)
    {
        var prefix = Directory.CreateTempSubdirectory("dupstream-bench-nginx-").FullName;
        var port = FreePort.Next();
        Directory.CreateDirectory(Path.Combine(prefix, "tmp"));
        await File.WriteAllTextAsync(Path.Combine(prefix, "upstreams.conf"), string.Empty, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/tmp/body;
                proxy_temp_path {{prefix}}/tmp/proxy;
                fastcgi_temp_path {{prefix}}/tmp/fastcgi;
                uwsgi_temp_path {{prefix}}/tmp/uwsgi;
                scgi_temp_path {{prefix}}/tmp/scgi;
                include {{prefix}}/upstreams.conf;
                server {
                    listen 127.0.0.1:{{port}};
                    location / { return 200 "bench"; }
                }
            }
            """, cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["-p", prefix + "/", "-c", Path.Combine(prefix, "nginx.conf")])
        {
            start.ArgumentList.Add(arg);
        }

        var master = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var nginx = new PrivateNginx(prefix, port, master);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                if (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken).ConfigureAwait(false) == "bench")
                {
                    return nginx;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !master.HasExited)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await nginx.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/"), cancellationToken).ConfigureAwait(false) == "bench";
    }

    public async ValueTask DisposeAsync()
    {
        if (!master.HasExited)
        {
            await ProcessRunner.RunAsync(Binary, ["-s", "stop", "-p", Prefix + "/", "-c", ConfPath]).ConfigureAwait(false);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await master.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                master.Kill(entireProcessTree: true);
            }
        }

        master.Dispose();
        Directory.Delete(Prefix, recursive: true);
    }
}

using System.Diagnostics;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Nginx;

/// <summary>
/// Debian's nginx with its own prefix under /tmp: its own nginx.conf, pid, logs and temp paths, one
/// loopback port of its own, and <c>include PREFIX/sites/*.conf</c> for the servers tests add. It runs
/// in the foreground as our child and is stopped on dispose (also after a failed start).
/// </summary>
public sealed class NginxLab : IAsyncLifetime
{
    private const string NginxBinary = "/usr/sbin/nginx";
    private Process? master;

    public string Prefix { get; } = Directory.CreateTempSubdirectory("dupstream-nginx-lab-").FullName;

    public string ConfPath => Path.Combine(Prefix, "nginx.conf");

    public string SitesDirectory => Path.Combine(Prefix, "sites");

    public int LabPort { get; } = FreePort.Next();

    public string TestCommand => $"{NginxBinary} -t -q -p {Prefix}/ -c {ConfPath}";

    public string ReloadCommand => $"{NginxBinary} -s reload -p {Prefix}/ -c {ConfPath}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(SitesDirectory);
        Directory.CreateDirectory(Path.Combine(Prefix, "tmp"));
        File.WriteAllText(ConfPath, $$"""
            daemon off;
            worker_processes 1;
            pid {{Prefix}}/nginx.pid;
            error_log {{Prefix}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{Prefix}}/tmp/body;
                proxy_temp_path {{Prefix}}/tmp/proxy;
                fastcgi_temp_path {{Prefix}}/tmp/fastcgi;
                uwsgi_temp_path {{Prefix}}/tmp/uwsgi;
                scgi_temp_path {{Prefix}}/tmp/scgi;
                include {{SitesDirectory}}/*.conf;
                server {
                    listen 127.0.0.1:{{LabPort}};
                    location / { return 200 "lab"; }
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
                async () => master.HasExited ? throw new InvalidOperationException($"nginx exited: {await master.StandardError.ReadToEndAsync()}") : await client.GetStringAsync(new Uri($"http://127.0.0.1:{LabPort}/")) == "lab",
                TimeSpan.FromSeconds(20),
                "the lab nginx to answer");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds or replaces a server file included by nginx.conf (not reloaded yet).</summary>
    public string WriteSite(string name, string text)
    {
        var path = Path.Combine(SitesDirectory, name + ".conf");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs a command line like the receiver does; returns exit code and stderr.</summary>
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

    public async Task ReloadAsync()
    {
        var (code, error) = await RunAsync(ReloadCommand);
        Assert.True(code == 0, $"nginx reload failed: {error}");
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
}

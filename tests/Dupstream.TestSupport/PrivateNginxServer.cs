using System.Diagnostics;

namespace Dupstream.TestSupport;

/// <summary>
/// Debian's nginx with a prefix of its own under /tmp: its own nginx.conf, pid, error log and temp paths, a health
/// server on one loopback port, and the includes its owner asks for (globs under the prefix; a glob may match
/// nothing). It runs in the foreground as our child and is stopped by <see cref="StopAndDeleteAsync"/> (also after a failed start). The
/// nginx fixtures of the test collections and the receiver benchmark wrap it, so they share one way to start, wait
/// for and stop nginx.
/// </summary>
public sealed class PrivateNginxServer
{
    private const string NginxBinary = "/usr/sbin/nginx";
    private readonly string name;
    private readonly string[] includes;
    private Process? master;

    /// <param name="tempPrefix">The start of the prefix directory's name under /tmp.</param>
    /// <param name="name">What the server is called in a failure message ("lab nginx").</param>
    /// <param name="includes">Globs relative to the prefix (e.g. <c>sites/*.conf</c>), included in <c>http</c> in this order; their directories are created.</param>
    public PrivateNginxServer(string tempPrefix, string name, params string[] includes)
    {
        this.name = name;
        this.includes = includes;
        Prefix = Directory.CreateTempSubdirectory(tempPrefix).FullName;
    }

    public string Prefix { get; }

    /// <summary>Load Debian's Lua module (and the NDK it needs) into this nginx: the receiver's <c>apply_mode</c> "lua".</summary>
    public bool LoadLuaModule { get; init; }

    /// <summary>nginx's <c>worker_processes</c> (1 unless asked: the tests need no more).</summary>
    public int WorkerProcesses { get; init; } = 1;

    /// <summary>nginx's <c>worker_connections</c> per worker (a proxied request takes two).</summary>
    public int WorkerConnections { get; init; } = 256;

    /// <summary>The master's process id while it runs (its children are the workers, old ones included).</summary>
    public int? MasterProcessId => master is { HasExited: false } running ? running.Id : null;

    public string ConfPath => Path.Combine(Prefix, "nginx.conf");

    public string ErrorLog => Path.Combine(Prefix, "error.log");

    public string TestCommand => $"{NginxBinary} -t -q -p {Prefix}/ -c {ConfPath}";

    public string ReloadCommand => $"{NginxBinary} -s reload -p {Prefix}/ -c {ConfPath}";

    /// <summary>Writes nginx.conf, starts the master and waits until the health server answers; may run again after nginx was stopped.</summary>
    public async Task StartAsync(int healthPort)
    {
        Directory.CreateDirectory(Path.Combine(Prefix, "tmp"));
        foreach (var include in includes)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Prefix, include))!);
        }

        var includeLines = string.Join('\n', includes.Select(i => $"    include {Path.Combine(Prefix, i)};"));
        var modules = LoadLuaModule
            ? "load_module /usr/lib/nginx/modules/ndk_http_module.so;\nload_module /usr/lib/nginx/modules/ngx_http_lua_module.so;\n"
            : "";
        File.WriteAllText(ConfPath, modules + $$"""
            daemon off;
            worker_processes {{WorkerProcesses}};
            pid {{Prefix}}/nginx.pid;
            error_log {{ErrorLog}} warn;
            events { worker_connections {{WorkerConnections}}; }
            http {
                access_log off;
                client_body_temp_path {{Prefix}}/tmp/body;
                proxy_temp_path {{Prefix}}/tmp/proxy;
                fastcgi_temp_path {{Prefix}}/tmp/fastcgi;
                uwsgi_temp_path {{Prefix}}/tmp/uwsgi;
                scgi_temp_path {{Prefix}}/tmp/scgi;
            {{includeLines}}
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

        master?.Dispose();
        var started = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        master = started;
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Eventually.UntilAsync(
                async () => started.HasExited
                    ? throw new InvalidOperationException($"nginx exited: {await started.StandardError.ReadToEndAsync()}")
                    : await client.GetStringAsync(new Uri($"http://127.0.0.1:{healthPort}/")) == "up",
                TimeSpan.FromSeconds(20),
                $"the {name} to answer");
        }
        catch
        {
            await StopAndDeleteAsync();
            throw;
        }
    }

    /// <summary>Signals a reload; throws when nginx refused it.</summary>
    public async Task ReloadAsync()
    {
        var (code, error) = await RunAsync(ReloadCommand).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"nginx reload failed: {error}");
        }
    }

    /// <summary>Whether the health server on <paramref name="healthPort"/> still answers.</summary>
    public static async Task<bool> AnswersAsync(int healthPort, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await client.GetStringAsync(new Uri($"http://127.0.0.1:{healthPort}/"), cancellationToken).ConfigureAwait(false) == "up";
    }

    /// <summary>Runs a command line through /bin/sh, like the receiver does; returns its exit code and stderr.</summary>
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

    /// <summary>Stops nginx (killing it when it does not stop within 10 s) and deletes its prefix.</summary>
    /// <remarks>Not IAsyncDisposable: the fixtures owning it are disposed through xunit's IAsyncLifetime.</remarks>
    public async Task StopAndDeleteAsync()
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
        master = null;
        Directory.Delete(Prefix, recursive: true);
    }
}

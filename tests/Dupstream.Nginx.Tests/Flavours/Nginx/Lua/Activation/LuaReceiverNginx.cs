using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Flavours.Nginx.Lua.Control;
using Dupstream.Nginx.Tests.Api;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua.Activation;

/// <summary>
/// Debian's nginx with the Lua module, including what a receiver in apply_mode "lua" writes (<c>dupstream/*.conf</c>,
/// the lua conf among them) and a site proxying <c>/</c> to upstream <c>web</c> and <c>/api/</c> to <c>api</c>; three
/// loopback backends (127.0.0.2-4, one port) answering their own names. Shared by a test class; each test starts
/// its own receiver over the same files, as a restarted receiver would.
/// </summary>
public sealed class LuaReceiverNginx : IAsyncLifetime
{
    private readonly PrivateNginxServer server = new("dupstream-lua-e2e-", "lua nginx", "dupstream/*.conf", "sites/*.conf") { LoadLuaModule = true };
    private readonly List<LoopbackBackend> backends = [];

    public int BackendPort { get; } = FreePort.Next();

    public int SitePort { get; } = FreePort.Next();

    public string Folder => Path.Combine(server.Prefix, "dupstream");

    public string ControlSocket => Path.Combine(server.Prefix, "control.sock");

    public string PeersFile => Path.Combine(Folder, ApplySettings.PeersFileName);

    public string ReloadCommand => server.ReloadCommand;

    public async Task InitializeAsync()
    {
        foreach (var (name, ip) in new[] { ("b1", "127.0.0.2"), ("b2", "127.0.0.3"), ("b3", "127.0.0.4") })
        {
            backends.Add(new LoopbackBackend(name, IPAddress.Parse(ip), BackendPort));
        }

        Directory.CreateDirectory(Path.Combine(server.Prefix, "sites"));
        Directory.CreateDirectory(Folder);

        // Through a variable, so nginx starts before the receiver wrote any upstream (502 until then).
        File.WriteAllText(Path.Combine(server.Prefix, "sites", "site.conf"), $$"""
            server {
                listen 127.0.0.1:{{SitePort}};
                proxy_next_upstream error timeout http_502;
                proxy_connect_timeout 1s;
                location / { set $backend web; proxy_pass http://$backend; }
                location /api/ { set $backend api; proxy_pass http://$backend; }
            }
            """);
        await server.StartAsync(FreePort.Next());
    }

    /// <summary>A receiver in lua mode over this nginx's files; reloads counted in its own directory.</summary>
    internal Task<RunningReceiver> StartReceiverAsync(JsonObject? more = null)
    {
        var dir = new TempDirectory();
        var settings = new JsonObject
        {
            ["apply_mode"] = "lua",
            ["server_address"] = "ip",
            ["allow_unsafe_nodes"] = true,
            ["upstream_file"] = new JsonObject { ["default"] = Path.Combine(Folder, "default.conf"), ["global"] = Path.Combine(Folder, "global.conf") },
            ["lua_control_socket"] = ControlSocket,
            ["nginx_test_command"] = server.TestCommand,
            ["reload_nginx_command"] = $"echo reload >> {dir.File("reloads.txt")} && {server.ReloadCommand}",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value?.DeepClone();
        }

        return RunningReceiver.StartAsync(settings, directory: dir);
    }

    /// <summary>The backend that answered one request through nginx (a new connection each time, so no worker is kept alive by us).</summary>
    public async Task<string> RouteAsync(string path = "/")
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.ConnectionClose = true;
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{SitePort}{path}"));
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"status {(int)response.StatusCode}";
    }

    internal UnixSocketPeersControl Control() => new(new ApplySettings { ControlSocket = ControlSocket }, new LimitSettings());

    /// <summary>The PIDs of nginx's workers (children of the master), from /proc.</summary>
    public IReadOnlySet<int> WorkerPids()
    {
        var master = int.Parse(File.ReadAllText(Path.Combine(server.Prefix, "nginx.pid")).Trim(), CultureInfo.InvariantCulture);
        var workers = new HashSet<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == master)
                {
                    workers.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return workers;
    }

    /// <summary>Waits until only the current workers are left (old ones finish after a reload).</summary>
    public async Task<IReadOnlySet<int>> SettledWorkersAsync()
    {
        IReadOnlySet<int> workers = new HashSet<int>();
        await Eventually.UntilAsync(() => (workers = WorkerPids()).Count == 1, "nginx to run exactly its one worker");
        return workers;
    }

    /// <summary>Stops nginx (keeping its prefix and files) and starts it again.</summary>
    public async Task RestartAsync()
    {
        var (code, error) = await PrivateNginxServer.RunAsync($"{NginxSyntax.Binary} -s stop -p {server.Prefix}/ -c {server.ConfPath}");
        Assert.True(code == 0, error);
        await Eventually.UntilAsync(() => !File.Exists(Path.Combine(server.Prefix, "nginx.pid")), "nginx to stop");
        await server.StartAsync(FreePort.Next());
    }

    public async Task DisposeAsync()
    {
        await server.StopAndDeleteAsync();
        foreach (var backend in backends)
        {
            await backend.DisposeAsync();
        }
    }
}

using System.Globalization;
using System.Text;
using Dupstream.Common.Http;
using Dupstream.Nginx.Applying;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua;

/// <summary>
/// Debian's nginx with the Lua module, configured from the receiver's embedded template and balancer module: the
/// upstream blocks of <see cref="Upstreams"/> (rendered as in the contract), loopback backends that answer their own
/// port, a front server that proxies <c>/u/NAME/...</c> to upstream NAME, and the control endpoint on a unix socket.
/// </summary>
public sealed class LuaNginx : IAsyncLifetime, IDisposable
{
    private readonly PrivateNginxServer server = new("dupstream-lua-", "lua nginx", "lua/dupstream-lua.conf", "sites/*.conf") { LoadLuaModule = true };
    private readonly HttpClient front = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly HttpClient control;

    public LuaNginx()
    {
        Backends = Enumerable.Range(0, 5).Select(_ => FreePort.Next()).ToArray();
        DeadPorts = Enumerable.Range(0, 3).Select(_ => FreePort.Next()).ToArray();
        FrontPort = FreePort.Next();
        control = new HttpClient(UnixSocketHttp.Handler(ControlSocket)) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Loopback ports of live backends; each answers its port (and "PORT CONNECTION" on <c>.../conn</c>).</summary>
    public int[] Backends { get; }

    /// <summary>Loopback ports nothing listens on.</summary>
    public int[] DeadPorts { get; }

    public int FrontPort { get; }

    public int HealthPort { get; private set; }

    public string LuaDirectory => Path.Combine(server.Prefix, "lua");

    public string PeersFile => Path.Combine(LuaDirectory, "dupstream-peers.txt");

    public string ControlSocket => Path.Combine(server.Prefix, "control.sock");

    /// <summary>The size of the peers dict (the receiver's lua_shared_dict_size).</summary>
    public string DictSize { get; set; } = "16m";

    /// <summary>The peers file nginx finds at start (none when null).</summary>
    public string? InitialPeers { get; set; }

    /// <summary>name -> arguments of <c>dupstream.balance</c> after the name, and the directives after the balancer line.</summary>
    public static IReadOnlyList<(string Name, string Arguments, string[] Directives)> Upstreams { get; } =
    [
        ("web", "\"round_robin\"", ["keepalive 16;"]),
        ("nokeep", "\"round_robin\"", []),
        ("lc", "\"least_conn\"", ["keepalive 16;"]),
        ("hash", "\"hash\", \"$arg_key\"", []),
        ("chash", "\"hash\", \"${arg_key}\", true", []),
        ("iph", "\"ip_hash\"", []),
        ("rnd", "\"random\"", []),
        ("rnd2", "\"random_two\"", []),
        ("dead", "\"round_robin\"", []),
        ("none", "\"round_robin\"", []),
        ("empty", "\"round_robin\"", []),
    ];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(LuaDirectory);
        Directory.CreateDirectory(Path.Combine(server.Prefix, "sites"));
        File.WriteAllText(Path.Combine(LuaDirectory, "dupstream-lua.conf"), LuaConf());
        File.WriteAllText(Path.Combine(LuaDirectory, "dupstream_balancer.lua"), Resource("dupstream_balancer.lua"));
        if (InitialPeers is not null)
        {
            File.WriteAllText(PeersFile, InitialPeers);
        }

        File.WriteAllText(Path.Combine(server.Prefix, "sites", "upstreams.conf"), string.Concat(UpstreamBlocks()));
        File.WriteAllText(Path.Combine(server.Prefix, "sites", "servers.conf"), Servers());
        HealthPort = FreePort.Next();
        await server.StartAsync(HealthPort);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return server.StopAndDeleteAsync();
    }

    public void Dispose()
    {
        front.Dispose();
        control.Dispose();
    }

    public static string Resource(string name)
    {
        using var stream = typeof(UpstreamBlock).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"no embedded resource {name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>GET through the front server to upstream <paramref name="upstream"/>; the status and the body (a backend's port).</summary>
    public async Task<(int Status, string Body)> GetAsync(string upstream, string rest = "", bool newConnection = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{FrontPort}/u/{upstream}/{rest}"));
        request.Headers.ConnectionClose = newConnection;
        using var response = await front.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The port of the backend that answered; fails on anything but a 200.</summary>
    public async Task<int> PeerAsync(string upstream, string rest = "")
    {
        var (status, body) = await GetAsync(upstream, rest);
        Assert.True(status == 200, $"{upstream}/{rest} answered {status}: {body}");
        return int.Parse(body.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public async Task<(int Status, string Body)> PutPeersAsync(string text)
    {
        using var content = new StringContent(text, Encoding.ASCII, "text/plain");
        using var response = await control.PutAsync(new Uri("http://dupstream/dupstream/peers"), content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>PUTs and fails unless nginx answered 200 with the text's version.</summary>
    public async Task ApplyAsync(string text)
    {
        var (status, body) = await PutPeersAsync(text);
        Assert.Equal((200, ContractPeersText.VersionOf(text) + "\n"), (status, body));
    }

    public async Task<string> GetPeersAsync() => await control.GetStringAsync(new Uri("http://dupstream/dupstream/peers"));

    /// <summary>The master's worker processes now (from /proc).</summary>
    public IReadOnlySet<int> WorkerPids()
    {
        var master = File.ReadAllText(Path.Combine(server.Prefix, "nginx.pid")).Trim();
        var workers = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces, so count from the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == master)
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

    /// <summary>Reloads and waits until only workers of the new configuration run.</summary>
    public async Task ReloadAsync()
    {
        var before = WorkerPids();
        await server.ReloadAsync();
        await Eventually.UntilAsync(() => { var now = WorkerPids(); return now.Count > 0 && !now.Overlaps(before); }, "nginx's old workers to be replaced after the reload");
    }

    /// <summary>
    /// Calls a backend's test endpoint: <c>reset</c>, <c>held</c> (the port of the backend a <c>.../hold</c> request
    /// reached and waits on, or ""), <c>release</c> (lets every held request answer).
    /// </summary>
    public async Task<string> BackendTestAsync(string action) =>
        await front.GetStringAsync(new Uri($"http://127.0.0.1:{Backends[^1]}/test/{action}"));

    private string LuaConf() =>
        Resource("dupstream-lua.conf.template")
            .Replace("{{lua_dir}}", LuaDirectory, StringComparison.Ordinal)
            .Replace("{{peers_file}}", PeersFile, StringComparison.Ordinal)
            .Replace("{{control_socket}}", ControlSocket, StringComparison.Ordinal)
            .Replace("{{dict_size}}", DictSize, StringComparison.Ordinal);

    private IEnumerable<string> UpstreamBlocks()
    {
        foreach (var (name, arguments, directives) in Upstreams)
        {
            yield return ContractUpstreamBlock.Render(name, arguments, directives, [Backends[0]]);
        }

        // More server lines than peers in memory (a PUT shrank the set): nginx's own count of tries is then larger
        // than the peers, and the balancer must not fall back to the server lines.
        yield return ContractUpstreamBlock.Render("wide", "\"round_robin\"", [], Backends[..3]);

        // The placement the contract rules out: keepalive before the balancer (nginx warns "load balancing method redefined").
        yield return $"upstream keepfirst {{\n\tkeepalive 16;\n\tbalancer_by_lua_block {{ dupstream.balance(\"keepfirst\", \"round_robin\") }}\n\n\tserver\t127.0.0.1:{Backends[0]};\n}}\n\n";
    }

    private string Servers()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            # The backends' /hold requests wait here until the test releases them.
            lua_shared_dict dupstream_test 1m;

            server {
                listen 127.0.0.1:{{FrontPort}};
                location ~ ^/u/(?<up>[A-Za-z0-9_.-]+)/ {
                    proxy_pass http://$up;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_next_upstream error timeout;
                    proxy_connect_timeout 2s;
                }
            }

            """);
        foreach (var port in Backends)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                server {
                    listen 127.0.0.1:{{port}};
                    location ~ /conn$ { return 200 "{{port}} $connection"; }
                    location ~ /hold$ {
                        content_by_lua_block {
                            local test = ngx.shared.dupstream_test
                            test:set("held", "{{port}}")
                            for _ = 1, 2000 do
                                if test:get("release") then break end
                                ngx.sleep(0.005)
                            end
                            ngx.print("{{port}}")
                        }
                    }
                    location = /test/held { content_by_lua_block { ngx.print(ngx.shared.dupstream_test:get("held") or "") } }
                    location = /test/release { content_by_lua_block { ngx.shared.dupstream_test:set("release", true) } }
                    location = /test/reset { content_by_lua_block { ngx.shared.dupstream_test:flush_all() } }
                    location / { return 200 "{{port}}"; }
                }

                """);
        }

        return text.ToString();
    }
}

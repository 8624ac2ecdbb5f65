using System.Text.Json.Nodes;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;
using Dupstream.Nginx.Tests.Api;
using Dupstream.Nginx.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua.Starting;

/// <summary>
/// The receiver starting in apply_mode "lua" with no nginx at all (the real control client, nothing on the socket):
/// it writes the lua conf, the module and the peers of the files already on disk, says nginx does not answer, and serves.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LuaStartTests
{
    [Fact]
    public async Task NginxNotRunningIsLoggedNotFatalAndTheFilesAreWritten()
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.File("default.conf"), "upstream web {\n\tserver\t10.0.0.1:8080;\n}\n\n");
        var logs = new CapturedLogs();
        await using var receiver = await RunningReceiver.StartAsync(
            new JsonObject
            {
                ["apply_mode"] = "lua",
                ["server_address"] = "ip",
                ["lua_control_socket"] = dir.File("run/control.sock"),
                ["reload_nginx_command"] = "echo 'nginx: [error] open() \"/run/nginx.pid\" failed (2: No such file or directory)' >&2; exit 1",
            },
            customize: b => b.Logging.AddProvider(logs),
            directory: dir);

        Assert.Equal("# dupstream-peers ", File.ReadAllText(dir.File("dupstream-peers.txt"))[..PeersText.Header.Length]);
        Assert.Equal(PeersText.From([File.ReadAllText(dir.File("default.conf"))]), File.ReadAllText(dir.File("dupstream-peers.txt")));
        Assert.True(File.Exists(dir.File("dupstream-lua.conf")));
        Assert.True(File.Exists(dir.File("dupstream_balancer.lua")));
        Assert.DoesNotContain("{{", File.ReadAllText(dir.File("dupstream-lua.conf")), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir.File("run")));
        var notAnswering = Assert.Single(logs.Lines, l => l.Contains("[3004] apply_mode lua: nginx does not answer on " + dir.File("run/control.sock"), StringComparison.Ordinal));
        Assert.Contains("/run/nginx.pid", notAnswering, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.Equal("ok", System.Text.Json.Nodes.JsonNode.Parse(await receiver.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative)))!["status"]!.GetValue<string>());
    }
}

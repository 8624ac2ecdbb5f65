using System.Text.Json.Nodes;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Configuration;

/// <summary>apply_mode and the lua settings: defaults, and what "lua" refuses at start, one line naming the setting.</summary>
public sealed class ApplySettingsReaderTests
{
    private static readonly JsonObject Lua = new() { ["apply_mode"] = "lua", ["server_address"] = "ip" };

    private static JsonObject With(JsonObject settings, params (string Key, JsonNode? Value)[] more)
    {
        var all = settings.DeepClone().AsObject();
        foreach (var (key, value) in more)
        {
            all[key] = value;
        }

        return all;
    }

    private static string Error(JsonObject settings)
    {
        using var dir = new TempDirectory();
        return Assert.Throws<ConfigException>(() => TestConfigs.Load(dir, settings)).Message;
    }

    [Fact]
    public void ReloadIsTheDefaultAndLuaFilesGoBesideTheDefaultUpstreamFile()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("conf.d"));
        var reload = TestConfigs.Load(dir, new JsonObject());
        Assert.Equal(ApplyMode.Reload, reload.Apply.Mode);
        Assert.Equal("reload", reload.Apply.ModeName);

        var lua = TestConfigs.Load(dir, With(Lua, ("upstream_file", new JsonObject { ["global"] = "./g.conf", ["default"] = "./conf.d/d.conf" })));
        Assert.Equal(ApplyMode.Lua, lua.Apply.Mode);
        Assert.Equal(dir.File("conf.d"), lua.Apply.LuaDir);
        Assert.Equal(Path.Combine(dir.File("conf.d"), "dupstream-peers.txt"), lua.Apply.PeersFile);
        Assert.Equal("/run/dupstream-nginx/control.sock", lua.Apply.ControlSocket);
        Assert.Equal("16m", lua.Apply.SharedDictSize);
    }

    [Fact]
    public void TheLuaSettingsAreTakenAsGiven()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("lua"));
        var config = TestConfigs.Load(dir, With(Lua, ("lua_dir", "./lua"), ("lua_control_socket", "/tmp/x/c.sock"), ("lua_shared_dict_size", "512k")));

        Assert.Equal(dir.File("lua"), config.Apply.LuaDir);
        Assert.Equal("/tmp/x/c.sock", config.Apply.ControlSocket);
        Assert.Equal("512k", config.Apply.SharedDictSize);
    }

    public static TheoryData<string, string?, string> Refusals => new()
    {
        { "apply_mode", "\"memory\"", "apply_mode: 'memory' must be \"reload\" or \"lua\"." },
        { "server_address", "\"name\"", "server_address: apply_mode \"lua\" needs \"ip\"" },
        { "reload_nginx_config", "false", "reload_nginx_config: apply_mode \"lua\" needs true" },
        { "upstream", "{\"default\": \"fallback.example\"}", "upstream.default: apply_mode \"lua\" needs an IP address or \"localhost\", not 'fallback.example'" },
        { "lua_dir", "\"./missing\"", "lua_dir: '" },
        { "lua_control_socket", "\"/run/my socket\"", "lua_control_socket: must be a path without spaces" },
        { "lua_control_socket", "\"/" + new string('s', 120) + "\"", "lua_control_socket: '/sss" },
        { "lua_shared_dict_size", "\"16 MB\"", "lua_shared_dict_size: '16 MB' must be a size as nginx writes it" },
        { "lua_shared_dict_size", "\"4k\"", "lua_shared_dict_size: '4k' is smaller than the 8k" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void LuaModeRefusesWhatCannotWorkInOneLineNamingTheSetting(string key, string? json, string start)
    {
        var message = Error(With(Lua, (key, json is null ? null : JsonNode.Parse(json))));

        var line = Assert.Single(message.Split(Environment.NewLine));
        Assert.Contains(": " + start, line, StringComparison.Ordinal);
    }

    [Fact]
    public void ALuaDirThatWouldBreakNginxsConfigIsRefused()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("a?b"));

        var message = Assert.Throws<ConfigException>(() => TestConfigs.Load(dir, With(Lua, ("lua_dir", "./a?b")))).Message;

        Assert.EndsWith(": lua_dir: must be a path without spaces, quotes, braces, ';', '#', '$', '?' or backslashes (it is written into nginx's config and lua_package_path).", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReloadModeRefusesNoneOfThat()
    {
        using var dir = new TempDirectory();
        var config = TestConfigs.Load(dir, new JsonObject { ["reload_nginx_config"] = false, ["upstream"] = new JsonObject { ["default"] = "fallback.example" } });

        Assert.Equal(ApplyMode.Reload, config.Apply.Mode);
    }

    [Fact]
    public void LocalhostAndAnIpAreUsableDefaults()
    {
        using var dir = new TempDirectory();
        Assert.Equal("localhost", TestConfigs.Load(dir, Lua).Output.UpstreamDefault);
        Assert.Equal("10.1.2.3", TestConfigs.Load(dir, With(Lua, ("upstream", new JsonObject { ["default"] = "10.1.2.3" }))).Output.UpstreamDefault);
    }

    [Fact]
    public async Task TheRealProcessStopsWithExit2AndOneLine()
    {
        var (code, lines) = await ReceiverProcess.RunAsync(new JsonObject { ["apply_mode"] = "lua" }, format: null, untilListening: false);

        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.EndsWith("config.json: server_address: apply_mode \"lua\" needs \"ip\" (nginx's memory holds addresses; names would need the hosts file and a reload).", line, StringComparison.Ordinal);
    }
}

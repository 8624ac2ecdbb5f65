namespace Dupstream.Nginx.Configuration;

/// <summary>
/// <c>apply_mode</c> and what the "lua" mode needs: where its files go, the socket nginx listens on for peer lists,
/// and the size of the shared memory that holds them. The lua settings are read in either mode, so switching is one key.
/// </summary>
internal sealed record ApplySettings
{
    public const string PeersFileName = "dupstream-peers.txt";

    public const string LuaConfFileName = "dupstream-lua.conf";

    public const string LuaModuleFileName = "dupstream_balancer.lua";

    public ApplyMode Mode { get; init; } = ApplyMode.Reload;

    /// <summary>Absolute folder of the lua conf, the module and the peers file.</summary>
    public string LuaDir { get; init; } = "";

    public string ControlSocket { get; init; } = "/run/dupstream-nginx/control.sock";

    /// <summary>As nginx reads it (<c>lua_shared_dict dupstream_peers 16m;</c>).</summary>
    public string SharedDictSize { get; init; } = "16m";

    public string PeersFile => Path.Combine(LuaDir, PeersFileName);

    public string LuaConfFile => Path.Combine(LuaDir, LuaConfFileName);

    public string LuaModuleFile => Path.Combine(LuaDir, LuaModuleFileName);

    /// <summary>How /healthz and the settings spell the mode.</summary>
    public string ModeName => Mode == ApplyMode.Lua ? "lua" : "reload";
}

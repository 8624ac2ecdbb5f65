using Dupstream.Nginx.Configuration;

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

/// <summary>Pure: the http-level nginx config of apply_mode "lua", from the embedded template and the settings.</summary>
internal static class LuaConf
{
    public static string Render(string template, ApplySettings apply) => template
        .Replace("{{lua_dir}}", apply.LuaDir, StringComparison.Ordinal)
        .Replace("{{peers_file}}", apply.PeersFile, StringComparison.Ordinal)
        .Replace("{{control_socket}}", apply.ControlSocket, StringComparison.Ordinal)
        .Replace("{{dict_size}}", apply.SharedDictSize, StringComparison.Ordinal);
}

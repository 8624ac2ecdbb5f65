using System.Globalization;
using System.Text.RegularExpressions;
using Dupstream.Nginx.Flavours.Nginx.Directives;

namespace Dupstream.Nginx.Configuration;

/// <summary>
/// Reads and checks <c>apply_mode</c>, <c>lua_dir</c>, <c>lua_control_socket</c> and <c>lua_shared_dict_size</c>, and
/// refuses in "lua" mode what cannot work there: peers in nginx's memory are addresses, and only a reload makes a
/// structural change live.
/// </summary>
internal static partial class ApplySettingsReader
{
    // ngx_http_lua refuses a lua_shared_dict of 8191 bytes or less.
    private const long MinimumDictBytes = 8192;

    // A unix socket path must fit sockaddr_un.sun_path (108 bytes with its terminating NUL).
    private const int MaxSocketPathBytes = 107;

    public static ApplySettings Read(SettingsSource source, OutputSettings output, CommandSettings commands)
    {
        var (reader, errors) = (source.Reader, source.Errors);
        var defaults = new ApplySettings();
        var mode = (reader.String("apply_mode") ?? "reload") switch
        {
            "reload" => ApplyMode.Reload,
            "lua" => ApplyMode.Lua,
            var other => Invalid(errors, $"apply_mode: '{other}' must be \"reload\" or \"lua\"."),
        };

        // The default: beside the "default" upstream file (the deploy layout includes that folder's *.conf).
        var defaultFile = output.UpstreamFiles.FirstOrDefault(f => f.Key == "default").Value ?? (output.UpstreamFiles.Count > 0 ? output.UpstreamFiles[0].Value : null);
        var luaDir = reader.String("lua_dir") is { } dir ? source.FullPath(dir) : Path.GetDirectoryName(defaultFile ?? "") is { Length: > 0 } folder ? folder : source.BaseDirectory;
        var socket = reader.String("lua_control_socket") ?? defaults.ControlSocket;
        var dictSize = reader.String("lua_shared_dict_size") ?? defaults.SharedDictSize;
        if (mode == ApplyMode.Lua)
        {
            CheckLua(source, luaDir, socket, dictSize);
            if (output.ServerAddress != ServerAddressMode.Ip)
            {
                errors.Add("server_address: apply_mode \"lua\" needs \"ip\" (nginx's memory holds addresses; names would need the hosts file and a reload).");
            }

            if (!commands.ReloadNginxConfig)
            {
                errors.Add("reload_nginx_config: apply_mode \"lua\" needs true (a structural change, such as a new upstream, is live only after a reload).");
            }

            if (output.UpstreamDefault != "localhost" && !NameRules.TryParseIp(output.UpstreamDefault, out _))
            {
                errors.Add($"upstream.default: apply_mode \"lua\" needs an IP address or \"localhost\", not '{output.UpstreamDefault}' (nginx's memory holds addresses).");
            }
        }

        return new ApplySettings { Mode = mode, LuaDir = luaDir, ControlSocket = Path.IsPathRooted(socket) ? socket : source.FullPath(socket), SharedDictSize = dictSize };
    }

    private static void CheckLua(SettingsSource source, string luaDir, string socket, string dictSize)
    {
        var errors = source.Errors;
        if (!Directory.Exists(luaDir))
        {
            errors.Add($"lua_dir: '{luaDir}' is not a directory.");
        }
        else if (!SafeInNginxConf(luaDir))
        {
            errors.Add($"lua_dir: {UnsafeReason}");
        }

        if (socket.Length == 0 || !SafeInNginxConf(socket))
        {
            errors.Add($"lua_control_socket: {UnsafeReason}");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(source.FullPath(socket)) > MaxSocketPathBytes)
        {
            errors.Add($"lua_control_socket: '{source.FullPath(socket)}' is longer than the {MaxSocketPathBytes} bytes a unix socket path may have.");
        }

        var size = Size().Match(dictSize);
        if (!size.Success)
        {
            errors.Add($"lua_shared_dict_size: '{dictSize}' must be a size as nginx writes it (a number with an optional k or m, such as 16m).");
            return;
        }

        var bytes = long.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture) * (size.Groups[2].Value.ToUpperInvariant() switch
        {
            "K" => 1024L,
            "M" => 1024L * 1024,
            _ => 1L,
        });
        if (bytes < MinimumDictBytes)
        {
            errors.Add($"lua_shared_dict_size: '{dictSize}' is smaller than the 8k nginx's lua module accepts.");
        }
    }

    private const string UnsafeReason = "must be a path without spaces, quotes, braces, ';', '#', '$', '?' or backslashes (it is written into nginx's config and lua_package_path).";

    private static bool SafeInNginxConf(string path) =>
        !path.Any(c => char.IsControl(c) || c is ' ' or ';' or '"' or '\'' or '{' or '}' or '\\' or '#' or '$' or '?');

    private static ApplyMode Invalid(List<string> errors, string error)
    {
        errors.Add(error);
        return ApplyMode.Reload;
    }

    [GeneratedRegex(@"\A([0-9]{1,9})([kKmM]?)\z")]
    private static partial Regex Size();
}

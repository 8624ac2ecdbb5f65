using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Starting;

/// <summary>The Lua module and the nginx conf template, embedded in the receiver so the two always match it.</summary>
internal static class LuaResources
{
    public const string ConfTemplate = "dupstream-lua.conf.template";

    public const string Module = "dupstream_balancer.lua";

    public static string Read(string logicalName)
    {
        using var stream = typeof(LuaResources).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"the embedded resource {logicalName} is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The lua conf (the template filled in from the settings) and the module, with the paths they are written to.</summary>
    public static IReadOnlyList<(string Path, string Content)> Files(ApplySettings apply) =>
    [
        (apply.LuaConfFile, LuaConf.Render(Read(ConfTemplate), apply)),
        (apply.LuaModuleFile, Read(Module)),
    ];
}

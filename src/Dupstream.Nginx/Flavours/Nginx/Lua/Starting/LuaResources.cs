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
}

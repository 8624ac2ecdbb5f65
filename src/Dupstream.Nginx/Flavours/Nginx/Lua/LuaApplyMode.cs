using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Flavours.Nginx.Activation;
using Dupstream.Nginx.Flavours.Nginx.Lua.Activation;
using Dupstream.Nginx.Flavours.Nginx.Lua.Control;
using Dupstream.Nginx.Flavours.Nginx.Lua.Starting;
using Microsoft.Extensions.DependencyInjection;

namespace Dupstream.Nginx.Flavours.Nginx.Lua;

/// <summary>apply_mode "lua" as one registration: its activation, the control client and the start-up resync.</summary>
internal static class LuaApplyMode
{
    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ReloadActivation>();
        services.AddSingleton<IPeersControl, UnixSocketPeersControl>();
        services.AddSingleton<IActivation, LuaActivation>();
        services.AddHostedService<LuaStart>();
    }
}

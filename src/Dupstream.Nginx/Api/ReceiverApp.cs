using Dupstream.Common.Listening;
using Dupstream.Common.Logging;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Api;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Core.Commands;
using Dupstream.Nginx.Core.Guard;
using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Activation;
using Dupstream.Nginx.Flavours.Nginx.Guard;
using Dupstream.Nginx.Flavours.Nginx.Lua;
using Dupstream.Nginx.Flavours.Nginx.Snapshots;
using Dupstream.Nginx.Logging;
using Dupstream.Nginx.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Api;

/// <summary>Builds the receiver's web host from a loaded config; used by the CLI and, in-process, by tests.</summary>
internal static class ReceiverApp
{
    public static WebApplication Build(ReceiverConfig config, bool insecure, Action<WebApplicationBuilder>? customize = null, LogFormat logFormat = LogFormat.Plain)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // Loaded again here (the config loader already proved the pair loads) and owned by the host.
        var certificate = config.Listening.UsesTls ? TlsCertificateLoader.Load(config.Listening.TlsCertificatePath!, config.Listening.TlsKeyPath!) : null;
        builder.WebHost.ConfigureKestrel(kestrel => KestrelListening.Listen(kestrel, config.Listening.ListenAddress, config.Listening.Port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));

        // Per-request framework logs would drown the apply log; users can raise them with Logging__LogLevel__*.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // "Hosting failed to start" repeats, with a stack trace, the one line the command line prints (port in use).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        ReceiverMonitoring.AddTo(builder, logFormat);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(config.Security);
        builder.Services.AddSingleton(config.Commands);
        builder.Services.AddSingleton(config.Limits);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ICommandRunner, ShellCommandRunner>();
        builder.Services.AddSingleton<ConfigApplier>();

        // The way of applying: what makes tested files live. apply_mode "lua" (peer lists in nginx's memory) is a folder and this line.
        builder.Services.AddSingleton(config.Apply);
        if (config.Apply.Mode == ApplyMode.Lua)
        {
            LuaApplyMode.AddTo(builder.Services);
        }
        else
        {
            builder.Services.AddSingleton<IActivation, ReloadActivation>();
        }

        // The flavour: how a snapshot becomes files (nginx's rules and blocks) and how the guard counts servers.
        builder.Services.AddSingleton<ISnapshotRenderer>(new NginxSnapshotRenderer(config));
        builder.Services.AddSingleton<IServerLineCounter, NginxServerLines>();
        builder.Services.AddSingleton<ApplyStatus>();
        builder.Services.AddSingleton<ApplyQueue>();
        builder.Services.AddSingleton<UnchangedShortcut>();
        builder.Services.AddSingleton(new SecretCheck(config.Security.Secret));
        builder.Services.AddSingleton<SignatureCheck>();
        builder.Services.AddSingleton<LbEndpoint>();
        builder.Services.AddSingleton<HealthEndpoint>();
        customize?.Invoke(builder);

        var app = builder.Build();
        if (certificate is not null)
        {
            app.Lifetime.ApplicationStopped.Register(certificate.Dispose);
        }

        var lb = app.Services.GetRequiredService<LbEndpoint>();
        var health = app.Services.GetRequiredService<HealthEndpoint>();
        app.MapPost(config.Listening.Endpoint, lb.HandleAsync);
        app.MapGet("/healthz", health.HandleAsync);
        ReceiverMonitoring.Map(app, config);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dupstream.Nginx");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (insecure && !config.Security.HasUsableSecret)
            {
                ReceiverLog.Insecure(logger, config.Security.Secret is null ? "no secret, every request is accepted" : "the placeholder secret is in use");
            }

            foreach (var address in BoundAddresses(app))
            {
                ReceiverLog.Listening(logger, address, config.Listening.Endpoint);
            }
        });
        return app;
    }

    /// <summary>The addresses Kestrel actually bound (with the real port when port 0 was asked for).</summary>
    public static IReadOnlyList<string> BoundAddresses(WebApplication app) => KestrelListening.BoundAddresses(app.Services);

    /// <summary>The first bound address as a URI a client on this host can use.</summary>
    public static Uri BaseAddress(WebApplication app) => KestrelListening.LocalUri(BoundAddresses(app)[0]);
}

using System.CommandLine;
using Dupstream.Common.Logging;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Configuration;

namespace Dupstream.Nginx.Cli;

/// <summary>
/// <c>dupstream-nginx [--config PATH] [--insecure]</c> runs the receiver;
/// <c>dupstream-nginx render [--config PATH] [SNAPSHOT.json | -]</c> prints what it would write;
/// <c>dupstream-nginx health [--config PATH]</c> probes the running receiver's /healthz.
/// </summary>
internal static class ReceiverCommandLine
{
    public static RootCommand Build()
    {
        var config = ConfigOption();
        var insecure = new Option<bool>("--insecure")
        {
            Description = "Start even with no secret or the placeholder secret TYPE-YOUR-SECRET-HERE.",
        };

        var root = new RootCommand("dupstream-nginx: receives dupstream snapshots and keeps nginx upstreams and the hosts file in step.")
        {
            config,
            insecure,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            ReceiverConfig loaded;
            LogFormat logFormat;
            try
            {
                logFormat = LogFormatSetting.Parse(Environment.GetEnvironmentVariable(LogFormatSetting.VariableName), out var formatError);
                if (formatError is not null)
                {
                    throw new ConfigException(formatError);
                }

                loaded = ReceiverConfigLoader.Load(parse.GetValue(config)!, Environment.GetEnvironmentVariable, parse.GetValue(insecure), Environment.CurrentDirectory);
            }
            catch (ConfigException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodes.BadConfig;
            }

            var app = ReceiverApp.Build(loaded, parse.GetValue(insecure), logFormat: logFormat);
            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
                {
                    await Console.Error.WriteLineAsync($"port: {loaded.Listening.Port} is already in use on {loaded.Listening.ListenAddress?.ToString() ?? "every interface"}; stop what holds it or choose another port (port or PORT).").ConfigureAwait(false);
                    return ExitCodes.BadConfig;
                }

                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        root.Subcommands.Add(RenderCommand.Build(ConfigOption()));
        root.Subcommands.Add(HealthCommand.Build(ConfigOption()));
        return root;
    }

    private static Option<string> ConfigOption() => new("--config")
    {
        Description = "Path of config.json (the original receiver's format).",
        DefaultValueFactory = _ => "./config.json",
    };
}

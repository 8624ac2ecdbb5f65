using System.CommandLine;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Configuration;

namespace Dupstream.Nginx.Cli;

/// <summary>
/// <c>dupstream-nginx [--config PATH] [--insecure]</c> runs the receiver;
/// <c>dupstream-nginx render [--config PATH] [SNAPSHOT.json | -]</c> prints what it would write.
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
            Monitoring.LogFormat logFormat;
            try
            {
                logFormat = Monitoring.LogFormatSetting.Read(Environment.GetEnvironmentVariable);
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
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        root.Subcommands.Add(RenderCommand.Build(ConfigOption()));
        return root;
    }

    private static Option<string> ConfigOption() => new("--config")
    {
        Description = "Path of config.json (the original receiver's format).",
        DefaultValueFactory = _ => "./config.json",
    };
}

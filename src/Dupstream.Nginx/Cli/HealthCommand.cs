using System.CommandLine;
using Dupstream.Common.Health;

namespace Dupstream.Nginx.Cli;

/// <summary>
/// <c>dupstream-nginx health [--config PATH]</c>: asks the running receiver's own <c>/healthz</c> (port, address and
/// TLS from the same config) and exits 0 when it answers 200, 1 otherwise, 2 on a bad config. For HEALTHCHECK.
/// </summary>
internal static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Build(Option<string> config)
    {
        var command = new Command("health", "Query the running receiver's /healthz (from the same config); exit 0 when healthy, 1 when not.")
        {
            config,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await OfflineConfig.TryLoadAsync(parse.GetValue(config)!).ConfigureAwait(false) is not { } loaded)
            {
                return ExitCodes.BadConfig;
            }

            var url = HealthProbe.LoopbackUrl(loaded.Listening.ListenAddress, loaded.Listening.Port, loaded.Listening.UsesTls);
            return await HealthProbe.RunAsync(url, Timeout, Console.Out, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}

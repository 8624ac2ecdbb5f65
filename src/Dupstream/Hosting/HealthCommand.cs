using System.CommandLine;
using Dupstream.Configuration;
using Dupstream.Contracts;

namespace Dupstream.Hosting;

/// <summary>
/// <c>dupstream health</c>: asks the running watcher's own <c>/healthz</c> (DUPSTREAM_HTTP_ADDRESS and
/// DUPSTREAM_HTTP_PORT, read as the watcher reads them) and exits 0 when it answers 200, 1 otherwise, 2 when the
/// settings are wrong or the listener is turned off. For the image's HEALTHCHECK and deploy/stack.yml.
/// </summary>
internal static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Build()
    {
        var command = new Command("health", "Query the running watcher's /healthz (DUPSTREAM_HTTP_ADDRESS, DUPSTREAM_HTTP_PORT); exit 0 when healthy, 1 when not.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var errors = new List<string>();
            var listener = OperabilitySettingsReader.ReadHttpListener(DupstreamProgram.ProcessEnvironment(), errors);
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"dupstream: {error}").ConfigureAwait(false);
            }

            if (errors.Count > 0)
            {
                return DupstreamProgram.UsageExitCode;
            }

            if (listener is null)
            {
                await Console.Error.WriteLineAsync($"dupstream: {EnvironmentNames.HttpPort}=0 turns the HTTP listener off; there is no /healthz to ask.").ConfigureAwait(false);
                return DupstreamProgram.UsageExitCode;
            }

            var url = HealthProbe.LoopbackUrl(listener.Address, listener.Port, tls: false);
            return await HealthProbe.RunAsync(url, Timeout, Console.Out, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}

using Dupstream.Common.Health;
using Dupstream.Configuration;

namespace Dupstream.Hosting;

/// <summary>
/// <c>dupstream health</c>: asks the running watcher's own <c>/healthz</c> (DUPSTREAM_HTTP_ADDRESS and
/// DUPSTREAM_HTTP_PORT, read as the watcher reads them) and exits 0 when it answers 200, 1 otherwise, 2 when the
/// settings are wrong or the listener is turned off. For the image's HEALTHCHECK and deploy/stack.yml.
/// Dispatched before the watcher's own command line, which has no subcommands (a root command without an action
/// would then demand one).
/// </summary>
internal static class HealthCommand
{
    public const string Name = "health";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Count > 0)
        {
            await stderr.WriteLineAsync($"dupstream: 'health' takes no arguments, got '{string.Join(' ', args)}'.").ConfigureAwait(false);
            return DupstreamProgram.UsageExitCode;
        }

        var errors = new List<string>();
        var listener = OperabilitySettingsReader.ReadHttpListener(SettingsSource.Of(environment), errors);
        foreach (var error in errors)
        {
            await stderr.WriteLineAsync($"dupstream: {error}").ConfigureAwait(false);
        }

        if (errors.Count > 0)
        {
            return DupstreamProgram.UsageExitCode;
        }

        if (listener is null)
        {
            await stderr.WriteLineAsync($"dupstream: {EnvironmentNames.HttpPort}=0 turns the HTTP listener off; there is no /healthz to ask.").ConfigureAwait(false);
            return DupstreamProgram.UsageExitCode;
        }

        var url = HealthProbe.LoopbackUrl(listener.Address, listener.Port, tls: false);
        return await HealthProbe.RunAsync(url, Timeout, stdout, CancellationToken.None).ConfigureAwait(false);
    }
}

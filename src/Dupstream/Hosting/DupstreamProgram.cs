using System.Collections;
using Dupstream.Configuration;
using Dupstream.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dupstream.Hosting;

/// <summary>
/// The whole program: flags, configuration, then either --once or the long-running watcher.
/// Exit codes: 0 success (or stopped by a signal), 1 --once could not read the swarm, 2 bad flags or configuration.
/// </summary>
internal static class DupstreamProgram
{
    public const int UsageExitCode = 2;

    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> environment, TextWriter stdout, TextWriter stderr)
    {
        var commandLine = new CommandLineDefinition();
        var parsed = commandLine.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine prints the errors and then the usage; both go to stderr.
            parsed.Invoke(new System.CommandLine.InvocationConfiguration { Output = stderr, Error = stderr });
            return UsageExitCode;
        }

        // --help and --version carry their own actions.
        if (parsed.Action is not null)
        {
            return await parsed.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null }).ConfigureAwait(false);
        }

        var flags = commandLine.FlagsOf(parsed);
        var configuration = WatcherConfigurationReader.Read(environment, flags);
        if (!configuration.IsValid)
        {
            foreach (var error in configuration.Errors)
            {
                await stderr.WriteLineAsync($"dupstream: {error}").ConfigureAwait(false);
            }

            return UsageExitCode;
        }

        var options = configuration.Configuration!;
        if (flags.Once)
        {
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                using var engine = new DockerEngine(DockerClientFactory.Create(options.Engine));
                return await OnceRunner.RunAsync(engine, stdout, stderr, cancel.Token).ConfigureAwait(false);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        using var host = WatcherHost.Build(options, configuration.Warnings);
        try
        {
            // The listener binds before the host starts: a port in use is then one line and exit 2, not the host's
            // "Hosting failed to start" with a stack trace first.
            if (host.Services.GetService<Monitoring.MonitoringServer>() is { } listener)
            {
                await listener.StartAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await host.RunAsync().ConfigureAwait(false);
        }
        catch (Monitoring.HttpListenerStartException exception)
        {
            await stderr.WriteLineAsync($"dupstream: {exception.Message}").ConfigureAwait(false);
            return UsageExitCode;
        }

        return 0;
    }

    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }
}

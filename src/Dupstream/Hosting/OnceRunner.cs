using Dupstream.Contracts;
using Dupstream.Docker;
using Dupstream.Watching;

namespace Dupstream.Hosting;

/// <summary>--once: one full listing, the snapshot as indented JSON on stdout (and nothing else there).</summary>
internal static class OnceRunner
{
    public const int EngineFailureExitCode = 1;

    public static async Task<int> RunAsync(IDockerEngine engine, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        SwarmSnapshot snapshot;
        try
        {
            snapshot = await new SwarmReader(engine).ReadFullAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"dupstream: could not read the swarm: {EngineFailure.Describe(exception)}").ConfigureAwait(false);
            return EngineFailureExitCode;
        }

        await stdout.WriteLineAsync(SnapshotJson.SerializeIndented(snapshot)).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}

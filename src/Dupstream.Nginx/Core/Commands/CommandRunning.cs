namespace Dupstream.Nginx.Core.Commands;

/// <summary>Runs a configured command so that one which cannot even start counts as failed: the files are then still restored.</summary>
internal static class CommandRunning
{
    public static async Task<CommandResult> RunOrFailAsync(this ICommandRunner commands, string commandLine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await commands.RunAsync(commandLine, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new CommandResult(-1, $"could not run: {ex.Message}", false);
        }
    }
}

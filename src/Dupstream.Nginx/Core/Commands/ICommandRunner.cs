namespace Dupstream.Nginx.Core.Commands;

/// <summary>Runs a configured command line (nginx test and reload) the way the original did: <c>/bin/sh -c</c>.</summary>
internal interface ICommandRunner
{
    Task<CommandResult> RunAsync(string commandLine, TimeSpan timeout, CancellationToken cancellationToken);
}

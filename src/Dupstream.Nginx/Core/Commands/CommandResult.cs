namespace Dupstream.Nginx.Core.Commands;

/// <summary>How a shell command ended. <see cref="Output"/> is stderr, or stdout when stderr was empty.</summary>
internal sealed record CommandResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

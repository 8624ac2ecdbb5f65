namespace Dupstream.IntegrationTests.Lab;

/// <summary>What a finished external command printed and how it ended.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns standard output, or throws with everything needed to see why the command failed.</summary>
    public string OutputOrThrow() =>
        Succeeded
            ? StandardOutput
            : throw new InvalidOperationException(
                $"'{Command}' exited with code {ExitCode}.{Environment.NewLine}stderr: {StandardError.Trim()}{Environment.NewLine}stdout: {StandardOutput.Trim()}");
}

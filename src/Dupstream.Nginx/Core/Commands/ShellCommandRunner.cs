using System.Diagnostics;
using System.Text;

namespace Dupstream.Nginx.Core.Commands;

/// <summary>Runs a command through <c>/bin/sh -c</c>, capturing its output, killing it after the timeout.</summary>
internal sealed class ShellCommandRunner(TimeProvider time) : ICommandRunner
{
    private const int MaxOutputChars = 8000;

    // A command may start a daemon that inherits our pipes (e.g. "nginx -s reload || nginx");
    // after the command itself exits we wait only this long for the pipes to close.
    private static readonly TimeSpan PipeGrace = TimeSpan.FromSeconds(2);

    public async Task<CommandResult> RunAsync(string commandLine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(commandLine);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start.");
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var readers = Task.WhenAll(Drain(process.StandardOutput, stdout), Drain(process.StandardError, stderr));

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        try
        {
            await readers.WaitAsync(PipeGrace, time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Keep what was read; a daemon still holds the pipe.
        }

        string error, output;
        lock (stderr)
        {
            error = stderr.ToString().Trim();
        }

        lock (stdout)
        {
            output = stdout.ToString().Trim();
        }

        var text = error.Length > 0 ? error : output;
        if (timedOut)
        {
            text = $"timed out after {timeout.TotalSeconds:0.#} s and was killed. {text}".TrimEnd();
        }

        return new CommandResult(timedOut ? -1 : process.ExitCode, text, timedOut);
    }

    private static async Task Drain(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (into)
            {
                if (into.Length < MaxOutputChars)
                {
                    into.Append(buffer, 0, Math.Min(read, MaxOutputChars - into.Length));
                }
            }
        }
    }
}

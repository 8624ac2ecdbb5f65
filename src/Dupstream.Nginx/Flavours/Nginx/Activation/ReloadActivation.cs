using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Core.Commands;

namespace Dupstream.Nginx.Flavours.Nginx.Activation;

/// <summary>
/// nginx's way of making tested files live: <c>reload_nginx_command</c>, unless <c>reload_nginx_config</c> is false.
/// Every change is structural (tested and reloaded); nothing is derived.
/// </summary>
internal sealed class ReloadActivation(CommandSettings commands, LimitSettings limits, ICommandRunner runner) : IActivation
{
    public IReadOnlyList<(string Path, string Content)> Derive(IReadOnlyList<(string Path, string Content)> upstreamFiles) => [];

    public bool IsStructural(IReadOnlyList<FileChange> changes) => true;

    public Task<ActivationResult> ActivateAsync(IReadOnlyList<string> changedFiles, bool structural, CancellationToken cancellationToken) =>
        ReloadAsync(cancellationToken);

    public async Task<string?> RevertAsync(CancellationToken cancellationToken)
    {
        var back = await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return back.Succeeded ? null : $"{back.Summary}: {back.Output}";
    }

    /// <summary>The reload alone, also for the Lua way's structural changes.</summary>
    public async Task<ActivationResult> ReloadAsync(CancellationToken cancellationToken)
    {
        if (!commands.ReloadNginxConfig)
        {
            return new ActivationResult(true, false, "; reload_nginx_config is false, so nginx was not reloaded", null);
        }

        var reload = await runner.RunOrFailAsync(commands.ReloadNginxCommand, limits.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return reload.Succeeded
            ? new ActivationResult(true, true, " and reloaded nginx", null)
            : new ActivationResult(false, false, $"'{commands.ReloadNginxCommand}' failed (exit {reload.ExitCode})", reload.Output);
    }
}

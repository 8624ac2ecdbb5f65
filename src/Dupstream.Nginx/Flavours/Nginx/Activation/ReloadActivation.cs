using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Core.Commands;

namespace Dupstream.Nginx.Flavours.Nginx.Activation;

/// <summary>nginx's way of making tested files live: <c>reload_nginx_command</c>, unless <c>reload_nginx_config</c> is false.</summary>
internal sealed class ReloadActivation(CommandSettings commands, LimitSettings limits, ICommandRunner runner) : IActivation
{
    public async Task<ActivationResult> ActivateAsync(IReadOnlyList<string> changedFiles, CancellationToken cancellationToken)
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

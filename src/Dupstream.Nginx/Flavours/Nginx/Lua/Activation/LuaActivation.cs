using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Flavours.Nginx.Activation;
using Dupstream.Nginx.Flavours.Nginx.Lua.Control;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Lua.Starting;

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Activation;

/// <summary>
/// apply_mode "lua": the peers file is derived from the upstream files; a change of server lines only goes to
/// nginx's memory through the control socket (no test, no reload); anything else is reloaded first, as in reload
/// mode, and then the memory is updated too. A PUT that fails fails the apply, so every file is restored; when nginx
/// had been reloaded with the new files, it is reloaded again with the restored ones (its start-up Lua loads the
/// restored peers file), so it does not keep blocks the files no longer have.
/// </summary>
internal sealed class LuaActivation(ReloadActivation reload, IPeersControl control, ApplySettings apply, LimitSettings limits, TimeProvider time) : IActivation
{
    // The lua conf and module are derived too, so every apply puts them back when they are missing or stale (a
    // start-up whose nginx -t failed, e.g. before nginx.conf existed, took them away again).
    private readonly IReadOnlyList<(string Path, string Content)> luaFiles = LuaResources.Files(apply);

    public IReadOnlyList<(string Path, string Content)> Derive(IReadOnlyList<(string Path, string Content)> upstreamFiles) =>
        [(apply.PeersFile, PeersText.From(upstreamFiles.Select(f => f.Content))), .. luaFiles];

    /// <summary>The peers file is memory's business; the lua files and anything beyond server lines need a test and a reload.</summary>
    public bool IsStructural(IReadOnlyList<FileChange> changes) =>
        changes.Any(change => change.Path != apply.PeersFile
            && (luaFiles.Any(lua => lua.Path == change.Path) || !MembershipChange.IsMembershipOnly(change.Old, change.Wanted)));

    public async Task<ActivationResult> ActivateAsync(IReadOnlyList<string> changedFiles, bool structural, CancellationToken cancellationToken)
    {
        var reloaded = false;
        if (structural)
        {
            var reloading = await reload.ReloadAsync(cancellationToken).ConfigureAwait(false);
            if (!reloading.Succeeded)
            {
                return reloading;
            }

            reloaded = reloading.Reloaded;
        }

        // The file as the applier left it: derived from the upstream files as finally written.
        string peers;
        try
        {
            peers = await File.ReadAllTextAsync(apply.PeersFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(reloaded, $"could not read {apply.PeersFile}: {ex.Message}");
        }

        // Right after a reload that added the control server, its socket answers once nginx has loaded the config.
        var answer = reloaded
            ? await control.PutWhenAnsweringAsync(peers, limits.CommandTimeout, time, cancellationToken).ConfigureAwait(false)
            : await control.PutAsync(peers, cancellationToken).ConfigureAwait(false);
        if (!answer.Succeeded)
        {
            return Failed(reloaded, answer.Detail);
        }

        return new ActivationResult(true, reloaded, reloaded ? " and reloaded nginx, then updated nginx's memory" : " and updated nginx's memory (no reload)", null)
        {
            Memory = MemoryUpdate.Succeeded,
        };
    }

    public Task<string?> RevertAsync(CancellationToken cancellationToken) => reload.RevertAsync(cancellationToken);

    private static ActivationResult Failed(bool reloaded, string reason) =>
        new(false, reloaded, $"nginx did not take the peers into its memory{(reloaded ? " (it had been reloaded)" : "")}", reason) { Memory = MemoryUpdate.Failed };
}

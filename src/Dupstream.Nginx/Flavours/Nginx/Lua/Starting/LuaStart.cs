using System.Text;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Commands;
using Dupstream.Nginx.Core.Files;
using Dupstream.Nginx.Flavours.Nginx.Lua.Control;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;
using Dupstream.Nginx.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Starting;

/// <summary>
/// apply_mode "lua" at start, before the first request is served: writes the lua conf, the module and the peers
/// file when they differ; tests and reloads nginx if the lua files changed (also when its control socket does not
/// answer yet: a running nginx may not have loaded the lua conf, as when switching from reload mode); then sends it
/// the peers of the files on disk, so its memory follows the files after a receiver restart. nginx not running is
/// logged, not fatal: when it starts it loads the peers file itself.
/// </summary>
internal sealed class LuaStart(ReceiverConfig config, IPeersControl control, ICommandRunner commands, TimeProvider time, ILogger<LuaStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var apply = config.Apply;
        List<FileState> luaBefore;
        string peers;
        try
        {
            CreateSocketFolder(apply.ControlSocket);
            luaBefore = WriteChanged(LuaResources.Files(apply));
            peers = PeersText.From(config.Output.UpstreamFiles.Select(f => File.Exists(f.Value) ? File.ReadAllText(f.Value) : ""));
            var written = luaBefore.Concat(WriteChanged([(apply.PeersFile, peers)])).Select(s => s.Path).ToList();
            if (written.Count > 0)
            {
                ReceiverLog.LuaFilesWritten(logger, written);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReceiverLog.LuaStartFailed(logger, "writing the lua files failed", ex.Message);
            return;
        }

        var probe = await control.GetAsync(cancellationToken).ConfigureAwait(false);
        var (reloaded, problem) = luaBefore.Count > 0 ? await ReloadAsync(luaBefore, cancellationToken).ConfigureAwait(false) : (false, null);
        if (!probe.Succeeded && !reloaded)
        {
            ReceiverLog.NginxNotAnswering(logger, apply.ControlSocket, problem ?? probe.Detail, apply.PeersFile);
            return;
        }

        if (problem is not null)
        {
            ReceiverLog.LuaStartFailed(logger, "the lua files are not live", problem);
        }

        var put = reloaded
            ? await control.PutWhenAnsweringAsync(peers, config.Limits.CommandTimeout, time, cancellationToken).ConfigureAwait(false)
            : await control.PutAsync(peers, cancellationToken).ConfigureAwait(false);
        if (put.Succeeded)
        {
            ReceiverLog.MemoryResynced(logger, put.Detail);
        }
        else
        {
            ReceiverLog.LuaStartFailed(logger, "nginx did not take the peers into its memory", put.Detail);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The changed lua files go live after nginx -t (a refusal puts the old ones back); whether nginx reloaded, or why not.</summary>
    private async Task<(bool Reloaded, string? Problem)> ReloadAsync(List<FileState> luaBefore, CancellationToken cancellationToken)
    {
        var test = await commands.RunOrFailAsync(config.Commands.NginxTestCommand, config.Limits.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (!test.Succeeded)
        {
            foreach (var state in luaBefore)
            {
                if (state.Content is { } content)
                {
                    AtomicFileWriter.Write(state.Path, content, state.Mode);
                }
                else
                {
                    File.Delete(state.Path);
                }
            }

            return (false, $"'{config.Commands.NginxTestCommand}' refused the new lua files, the old ones were put back: {test.Output}");
        }

        var reload = await commands.RunOrFailAsync(config.Commands.ReloadNginxCommand, config.Limits.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return reload.Succeeded ? (true, null) : (false, $"'{config.Commands.ReloadNginxCommand}' failed: {reload.Output}");
    }

    /// <summary>Writes each file whose content differs; returns the states before, of those written.</summary>
    private static List<FileState> WriteChanged(IEnumerable<(string Path, string Content)> files)
    {
        var written = new List<FileState>();
        foreach (var (path, content) in files)
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            var state = FileState.Read(path);
            if (state.Content is null || !state.Content.AsSpan().SequenceEqual(bytes))
            {
                AtomicFileWriter.Write(path, bytes, state.Mode);
                written.Add(state);
            }
        }

        return written;
    }

    /// <summary>nginx creates the socket, in a folder only its owner may enter (the socket needs no secret).</summary>
    private static void CreateSocketFolder(string socket)
    {
        if (Path.GetDirectoryName(socket) is { } folder && !Directory.Exists(folder) && !OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}

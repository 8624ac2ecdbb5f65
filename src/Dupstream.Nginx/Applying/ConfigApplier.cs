using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Core.Commands;
using Dupstream.Nginx.Core.Files;
using Dupstream.Nginx.Core.Guard;
using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Rendering;
using Dupstream.Nginx.Logging;
using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Applying;

/// <summary>
/// Puts one rendered snapshot on disk safely: compare, swap files atomically, test, activate (the registered
/// <see cref="IActivation"/>: nginx reloads), and on any failure put every touched file back exactly as it was.
/// The way of applying also derives files from the upstream files (apply_mode "lua": the peers file) and says which
/// changes are structural; one that is not (only server lines differ) goes live without the test. Not thread-safe on purpose: the
/// <see cref="ApplyQueue"/> runs one apply at a time.
/// </summary>
internal sealed class ConfigApplier(ReceiverConfig config, ICommandRunner commands, IActivation activator, IServerLineCounter serverLines, ILogger<ConfigApplier> logger, TimeProvider time)
{
    private readonly WipeGuard wipeGuard = new(serverLines, config.Guard.MaxRemovedShare, config.Guard.WipeConfirmDelay, time);

    public async Task<ApplyOutcome> ApplyAsync(RenderedConfig rendered, CancellationToken cancellationToken)
    {
        var wanted = rendered.Files.Select(f => (f.Path, Content: Encoding.UTF8.GetBytes(f.Content))).ToList();
        if (rendered.HostsSection is { } section)
        {
            // Latin-1 maps every byte to one char and back, so lines we do not own survive byte for byte.
            var hosts = FileState.Read(config.Hosts.HostsFile);
            var current = hosts.Content is null ? "" : Encoding.Latin1.GetString(hosts.Content);
            wanted.Add((config.Hosts.HostsFile, Encoding.Latin1.GetBytes(HostsFileEditor.Replace(current, section))));
        }

        var derived = activator.Derive(rendered.Files.Select(f => (f.Path, f.Content)).ToList());
        wanted.AddRange(derived.Select(d => (d.Path, Encoding.UTF8.GetBytes(d.Content))));

        var states = wanted.Select(w => FileState.Read(w.Path)).ToList();
        var before = states.Where((state, i) => state.Content is null || !state.Content.AsSpan().SequenceEqual(wanted[i].Content)).ToList();
        if (before.Count == 0)
        {
            wipeGuard.Forget();
            ReceiverLog.Unchanged(logger);
            return ApplyOutcome.Unchanged;
        }

        var verdict = wipeGuard.Check(
            states.Take(rendered.Files.Count).Select(s => s.Content is null ? "" : Encoding.UTF8.GetString(s.Content)),
            rendered.Files.Select(f => f.Content),
            Fingerprint(rendered));
        if (verdict.Refused)
        {
            ReceiverLog.WipeRefused(logger, verdict.Removed, verdict.Current, config.Guard.MaxRemovedShare!.Value);
            return new ApplyOutcome(
                ApplyResult.WipeRefused,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Refused: this snapshot would remove {verdict.Removed} of the {verdict.Current} server lines of the last confirmed state ({100.0 * verdict.Removed / verdict.Current:0.#}%), more than max_removed_share {config.Guard.MaxRemovedShare} allows. Nothing was written. The same snapshot sent again at least {config.Guard.WipeConfirmDelay.TotalSeconds:0.#} s after its first refusal (wipe_confirm_seconds; {Math.Ceiling(verdict.ConfirmableIn.TotalSeconds):0} s from now) confirms it."),
                [],
                false,
                null);
        }

        if (verdict.Confirmed)
        {
            ReceiverLog.WipeConfirmed(logger, verdict.Removed, verdict.Current);
        }

        var changed = before.Select(b => b.Path).ToList();
        var structural = activator.IsStructural(before
            .Select(b => new FileChange(b.Path, b.Content is null ? null : Encoding.UTF8.GetString(b.Content), Encoding.UTF8.GetString(wanted.First(w => w.Path == b.Path).Content)))
            .ToList());
        var written = new List<FileState>();
        try
        {
            foreach (var state in before)
            {
                written.Add(state);
                AtomicFileWriter.Write(state.Path, wanted.First(w => w.Path == state.Path).Content, state.Mode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReceiverLog.WriteFailed(logger, ex);
            var restoreProblem = Restore(written);
            return new ApplyOutcome(ApplyResult.WriteFailed, $"Could not write the files: {ex.Message}{restoreProblem}", [], false, null);
        }

        // Only a structural change is tested: server lines of validated addresses cannot break the config.
        var test = structural ? await TestAsync(cancellationToken).ConfigureAwait(false) : new CommandResult(0, "", false);
        IReadOnlyList<HeldBackService> heldBack = [];
        if (!test.Succeeded)
        {
            var isolation = await IsolateAsync(rendered, states, before, test.Output, cancellationToken).ConfigureAwait(false);
            if (!isolation.Passed)
            {
                ReceiverLog.TestFailed(logger, isolation.LastFailure);
                var restoreProblem = Restore(written);
                return new ApplyOutcome(
                    ApplyResult.TestFailed,
                    $"The new config failed '{config.Commands.NginxTestCommand}' (exit {test.ExitCode}) and leaving out single services did not help ({isolation.TestsRun} test(s), max_nginx_tests {config.Limits.MaxNginxTests}); every file was restored and nginx keeps its running config: {isolation.LastFailure}{restoreProblem}",
                    [],
                    false,
                    isolation.LastFailure);
            }

            heldBack = isolation.HeldBack;
            foreach (var held in heldBack)
            {
                ReceiverLog.ServiceHeldBack(logger, held.Change.Name, held.Reason);
            }

            // The derived files follow the upstream files as they now are, with the held-back services' old blocks.
            if (RederiveProblem(rendered, written) is { } problem)
            {
                ReceiverLog.WriteFailed(logger, problem);
                return new ApplyOutcome(ApplyResult.WriteFailed, $"Could not write the files: {problem.Message}{Restore(written)}", [], false, null);
            }

            // Only files that now differ from what was on disk count as changed.
            changed = written.Where(b => b.Content is null || !b.Content.AsSpan().SequenceEqual(File.ReadAllBytes(b.Path))).Select(b => b.Path).ToList();
            if (changed.Count == 0)
            {
                return new ApplyOutcome(
                    ApplyResult.Unchanged,
                    $"Nothing to apply: nginx -t refused every change, so the files and nginx were left as they were.{HeldBackNote(heldBack)}",
                    [],
                    false,
                    null)
                { HeldBack = heldBack };
            }
        }

        var activation = await activator.ActivateAsync(changed, structural, cancellationToken).ConfigureAwait(false);
        if (!activation.Succeeded)
        {
            var memoryFailed = activation.Memory == MemoryUpdate.Failed;
            if (memoryFailed)
            {
                ReceiverLog.MemoryUpdateFailed(logger, activation.Output ?? "");
            }
            else
            {
                ReceiverLog.ReloadFailed(logger, activation.Output ?? "");
            }

            var restoreProblem = Restore(written);
            if (activation.Reloaded)
            {
                // The proxy already runs the new files: bring it back to the restored ones.
                restoreProblem += await activator.RevertAsync(cancellationToken).ConfigureAwait(false) is { } revertProblem
                    ? $" WARNING: the proxy had taken the new files and could not be brought back to the restored ones: {revertProblem}"
                    : " The proxy had taken the new files and was reloaded again with the restored ones.";
            }

            return new ApplyOutcome(
                memoryFailed ? ApplyResult.MemoryUpdateFailed : ApplyResult.ReloadFailed,
                $"{activation.Summary}; every file was restored: {activation.Output}{restoreProblem}",
                [],
                activation.Reloaded,
                activation.Output)
            { Memory = activation.Memory };
        }

        ReceiverLog.Applied(logger, changed.Count, changed, activation.Reloaded);
        return new ApplyOutcome(ApplyResult.Applied, $"Updated {changed.Count} file(s){activation.Summary}.{HeldBackNote(heldBack)}", changed, activation.Reloaded, null) { HeldBack = heldBack, Memory = activation.Memory };
    }

    private static string HeldBackNote(IReadOnlyList<HeldBackService> heldBack) =>
        heldBack.Count == 0 ? "" : $" nginx -t refused {heldBack.Count} service(s), left out (see rejected_services): {string.Join(", ", heldBack.Select(h => h.Change.Name))}.";

    /// <summary>
    /// nginx -t refused the render: look for the services responsible, testing the files with them held
    /// back (see <see cref="FailureIsolation"/>). The files on disk are left as the last test wrote them.
    /// </summary>
    private async Task<IsolationResult> IsolateAsync(RenderedConfig rendered, List<FileState> states, List<FileState> written, string firstFailure, CancellationToken cancellationToken)
    {
        RenderPlan plan;
        try
        {
            plan = new RenderPlan(rendered.Files.Select((f, i) => (f.Path, states[i].Content is { } c ? Encoding.UTF8.GetString(c) : "", f.Content)));
        }
        catch (ArgumentException)
        {
            return new IsolationResult(false, [], 1, firstFailure);
        }

        return await FailureIsolation.RunAsync(
            plan,
            firstFailure,
            async heldBack =>
            {
                try
                {
                    foreach (var state in written.Where(w => plan.Paths.Contains(w.Path)))
                    {
                        AtomicFileWriter.Write(state.Path, Encoding.UTF8.GetBytes(plan.Compose(state.Path, heldBack)), state.Mode);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return (false, $"could not write the files: {ex.Message}");
                }

                var result = await TestAsync(cancellationToken).ConfigureAwait(false);
                return (result.Succeeded, result.Output);
            },
            config.Limits.MaxNginxTests).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the derived files again from the upstream files as isolation left them (each one's first state is
    /// kept for a restore); returns the write error, if any.
    /// </summary>
    private Exception? RederiveProblem(RenderedConfig rendered, List<FileState> written)
    {
        try
        {
            foreach (var (path, content) in activator.Derive(rendered.Files.Select(f => (f.Path, File.ReadAllText(f.Path))).ToList()))
            {
                var bytes = Encoding.UTF8.GetBytes(content);
                var state = written.FirstOrDefault(w => w.Path == path);
                if (state is null)
                {
                    state = FileState.Read(path);
                    if (state.Content is not null && state.Content.AsSpan().SequenceEqual(bytes))
                    {
                        continue;
                    }

                    written.Add(state);
                }

                AtomicFileWriter.Write(path, bytes, state.Mode);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex;
        }
    }

    /// <summary>Identifies a whole render (every file and the hosts section) so a confirmation must match it exactly.</summary>
    private static string Fingerprint(RenderedConfig rendered)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var text in rendered.Files.SelectMany(f => (string[])[f.Path, f.Content]).Append(rendered.HostsSection ?? ""))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            hash.AppendData(BitConverter.GetBytes(bytes.LongLength));
            hash.AppendData(bytes);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private Task<CommandResult> TestAsync(CancellationToken cancellationToken) =>
        commands.RunOrFailAsync(config.Commands.NginxTestCommand, config.Limits.CommandTimeout, cancellationToken);

    /// <summary>Puts files back; returns "" or a sentence naming what could not be restored.</summary>
    private string Restore(IEnumerable<FileState> states)
    {
        var failed = new List<string>();
        foreach (var state in states.Reverse())
        {
            try
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
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ReceiverLog.RestoreFailed(logger, state.Path, ex);
                failed.Add(state.Path);
            }
        }

        return failed.Count == 0 ? "" : $" WARNING: could not restore {string.Join(", ", failed)}.";
    }
}

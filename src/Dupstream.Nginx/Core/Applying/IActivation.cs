namespace Dupstream.Nginx.Core.Applying;

/// <summary>
/// The way of applying: which files it derives from the upstream files, whether a change needs the proxy's test
/// and a new config (structural), and the step that makes tested files live (nginx: a reload). One implementation is
/// registered per way of applying; the applier stays the same and restores every file, derived ones included,
/// when <see cref="ActivateAsync"/> fails.
/// </summary>
internal interface IActivation
{
    /// <summary>Files kept beside the upstream files and derived from their final contents (path, text); none for a reload.</summary>
    IReadOnlyList<(string Path, string Content)> Derive(IReadOnlyList<(string Path, string Content)> upstreamFiles);

    /// <summary>False when these changes (the upstream files and the derived ones that differ from disk) can go live without the proxy's test and a new config.</summary>
    bool IsStructural(IReadOnlyList<FileChange> changes);

    /// <param name="changedFiles">Every file now different from before, derived ones included.</param>
    /// <param name="structural">What <see cref="IsStructural"/> said about the changes.</param>
    Task<ActivationResult> ActivateAsync(IReadOnlyList<string> changedFiles, bool structural, CancellationToken cancellationToken);

    /// <summary>
    /// After a failed activation that had already made the proxy take the new files (nginx reloaded, then its memory
    /// refused the peers), and after the applier restored every file: makes the proxy run the restored files again,
    /// so files and proxy agree. Returns null when that worked, else the reason.
    /// </summary>
    Task<string?> RevertAsync(CancellationToken cancellationToken);
}

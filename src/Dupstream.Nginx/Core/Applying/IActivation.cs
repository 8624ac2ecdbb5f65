namespace Dupstream.Nginx.Core.Applying;

/// <summary>
/// The step after "write and test": makes the files that passed the test live in the proxy (nginx: a reload).
/// One implementation is registered per way of applying; on failure the applier restores every file.
/// </summary>
internal interface IActivation
{
    Task<ActivationResult> ActivateAsync(IReadOnlyList<string> changedFiles, CancellationToken cancellationToken);
}

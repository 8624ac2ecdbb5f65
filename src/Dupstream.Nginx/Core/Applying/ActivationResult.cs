namespace Dupstream.Nginx.Core.Applying;

/// <summary>What an <see cref="IActivation"/> did.</summary>
/// <param name="Succeeded">False: the proxy refused the files, so the applier restores them.</param>
/// <param name="Reloaded">True when the proxy now runs the new files.</param>
/// <param name="Summary">
/// On success, what follows "Updated N file(s)" in the answer (" and reloaded nginx"); on failure, the sentence
/// naming what failed ("'nginx -s reload' failed (exit 1)").
/// </param>
/// <param name="Output">On failure, the proxy's own words.</param>
internal sealed record ActivationResult(bool Succeeded, bool Reloaded, string Summary, string? Output)
{
    /// <summary>Whether the peers went to the proxy's memory; <see cref="MemoryUpdate.Failed"/> on a failure names that step.</summary>
    public MemoryUpdate Memory { get; init; } = MemoryUpdate.None;
}

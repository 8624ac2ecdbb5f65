using Dupstream.Nginx.Core.Applying;

namespace Dupstream.Nginx.Applying;

/// <summary>The result of applying (or not applying) one rendered snapshot.</summary>
internal sealed record ApplyOutcome(ApplyResult Result, string Message, IReadOnlyList<string> ChangedFiles, bool Reloaded, string? CommandOutput)
{
    /// <summary>Services nginx -t refused that were held back so the rest could apply.</summary>
    public IReadOnlyList<HeldBackService> HeldBack { get; init; } = [];

    /// <summary>Whether the peers went to nginx's memory (apply_mode "lua").</summary>
    public MemoryUpdate Memory { get; init; } = MemoryUpdate.None;

    /// <summary>For the metrics the moment a waiting snapshot is replaced; its sender waits for <see cref="SupersededBy"/>.</summary>
    public static ApplyOutcome Superseded { get; } = new(
        ApplyResult.Superseded, "A newer snapshot arrived before this one was applied; the newer one is applied instead.", [], false, null);

    /// <summary>
    /// The answer for a snapshot replaced in the queue, once the newer one that replaced it has been applied:
    /// "superseded" and what was applied when that worked; the newer one's failure (a status that makes the
    /// sender retry) when it did not, so a sender never hears "fine" about something that never reached nginx.
    /// </summary>
    public static ApplyOutcome SupersededBy(ApplyOutcome newer)
    {
        ArgumentNullException.ThrowIfNull(newer);
        return newer.Succeeded
            ? new ApplyOutcome(ApplyResult.Superseded, $"A newer snapshot arrived before this one was applied; the newer one was applied instead: {newer.Message}", newer.ChangedFiles, newer.Reloaded, null) { HeldBack = newer.HeldBack, Memory = newer.Memory }
            : newer with { Message = $"A newer snapshot replaced this one in the queue, and applying it failed: {newer.Message}" };
    }

    public static ApplyOutcome Unchanged { get; } = new(
        ApplyResult.Unchanged, "Unchanged: the files already match this snapshot; nginx was not reloaded.", [], false, null);

    public bool Succeeded => Result is ApplyResult.Applied or ApplyResult.Unchanged or ApplyResult.Superseded;
}

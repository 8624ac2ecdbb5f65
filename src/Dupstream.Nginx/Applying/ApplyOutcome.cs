namespace Dupstream.Nginx.Applying;

/// <summary>The result of applying (or not applying) one rendered snapshot.</summary>
internal sealed record ApplyOutcome(ApplyResult Result, string Message, IReadOnlyList<string> ChangedFiles, bool Reloaded, string? CommandOutput)
{
    /// <summary>Services nginx -t refused that were held back so the rest could apply.</summary>
    public IReadOnlyList<HeldBackService> HeldBack { get; init; } = [];

    public static ApplyOutcome Superseded { get; } = new(
        ApplyResult.Superseded, "A newer snapshot arrived before this one was applied; the newer one is applied instead.", [], false, null);

    public static ApplyOutcome Unchanged { get; } = new(
        ApplyResult.Unchanged, "Unchanged: the files already match this snapshot; nginx was not reloaded.", [], false, null);

    public bool Succeeded => Result is ApplyResult.Applied or ApplyResult.Unchanged or ApplyResult.Superseded;
}

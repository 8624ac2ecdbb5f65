namespace Dupstream.Nginx.Configuration;

/// <summary>The wipe guard: how much one apply may remove, and when the same snapshot confirms more.</summary>
internal sealed record GuardSettings
{
    /// <summary>
    /// Largest share (0..1) of the server lines on disk one apply may remove without confirmation;
    /// null turns the wipe guard off.
    /// </summary>
    public double? MaxRemovedShare { get; init; }

    /// <summary>
    /// How long after a wipe was first refused the same snapshot may confirm it, and how long removals are
    /// summed against the last confirmed state. Longer than a watcher's immediate retry, on purpose.
    /// </summary>
    public TimeSpan WipeConfirmDelay { get; init; } = TimeSpan.FromSeconds(15);
}

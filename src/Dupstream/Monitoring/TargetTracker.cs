using Dupstream.Snapshots;

namespace Dupstream.Monitoring;

/// <summary>What the monitor knows about one target: mutable, guarded by the monitor's lock.</summary>
internal sealed class TargetTracker(string display)
{
    /// <summary>The target as shown in metrics labels and /healthz: never with credentials (TargetDisplay).</summary>
    public string Display { get; } = display;

    public DateTimeOffset? LastSuccess { get; set; }

    public DateTimeOffset? LastAttempt { get; set; }

    /// <summary>The last failure's text; cleared by a success.</summary>
    public string? LastError { get; set; }

    public CanonicalSnapshot? Acknowledged { get; set; }
}

namespace Dupstream.Nginx.Applying;

/// <summary>
/// What the apply queue reports as each apply ends. Owned here, so applying knows nothing of who listens
/// (monitoring implements it with the metrics).
/// </summary>
internal interface IApplyObserver
{
    /// <param name="duration">How long the apply took; null when it never ran (superseded while waiting).</param>
    void ApplyFinished(ApplyOutcome outcome, TimeSpan? duration, DateTimeOffset now);
}

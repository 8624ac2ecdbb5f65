namespace Dupstream.Nginx.Applying;

/// <summary>The observer where nothing monitors applies (tests of the queue alone).</summary>
internal sealed class SilentApplyObserver : IApplyObserver
{
    public static SilentApplyObserver Instance { get; } = new();

    public void ApplyFinished(ApplyOutcome outcome, TimeSpan? duration, DateTimeOffset now)
    {
    }
}

namespace Dupstream.Nginx.Applying;

/// <summary>The last apply's time and outcome, for <c>GET /healthz</c>.</summary>
internal sealed class ApplyStatus(TimeProvider time)
{
    private volatile ApplyRecord? last;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public ApplyRecord? Last => last;

    public void Record(ApplyOutcome outcome) => last = new ApplyRecord(time.GetUtcNow(), outcome);
}

namespace Dupstream.Nginx.Applying;

/// <summary>When an apply finished and how.</summary>
internal sealed record ApplyRecord(DateTimeOffset At, ApplyOutcome Outcome);

namespace Dupstream.IntegrationTests.Faults;

/// <summary>One request of a traffic loop through nginx: when it started, how long it took, who answered or why it failed.</summary>
/// <param name="At">Start, from the loop's clock.</param>
/// <param name="AnsweredBy">The body (the answering node's hostname) of a 2xx answer; null on failure.</param>
/// <param name="Error">Null on a 2xx answer; else the status or the exception's message.</param>
public sealed record ProxiedRequest(TimeSpan At, TimeSpan Duration, string? AnsweredBy, string? Error);

namespace Dupstream.Nginx.Api;

/// <summary>
/// The last apply for an unauthenticated caller: what happened in one sentence and which services nginx -t
/// refused, never nginx's output, commands or paths (those are in the log).
/// </summary>
internal sealed record LastApplyResponse(DateTimeOffset At, string Result, string Message, IReadOnlyList<string> LeftOutByNginx);

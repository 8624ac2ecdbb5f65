namespace Dupstream.Nginx.Api;

internal sealed record LastApplyResponse(DateTimeOffset At, string Result, string Message);

using Dupstream.Nginx.Applying;
using Microsoft.AspNetCore.Http;

namespace Dupstream.Nginx.Api;

/// <summary>GET /healthz: the process answers, and how the last apply went (no secrets, no paths).</summary>
internal sealed class HealthEndpoint(ApplyStatus status, TimeProvider time)
{
    public Task HandleAsync(HttpContext context)
    {
        var last = status.Last is { } record
            ? new LastApplyResponse(record.At, LbEndpoint.ResultName(record.Outcome.Result), record.Outcome.Message)
            : null;
        var body = new HealthResponse("ok", time.GetUtcNow(), status.StartedAt, last);
        return context.Response.WriteAsJsonAsync(body, ReceiverJsonContext.Default.HealthResponse);
    }
}

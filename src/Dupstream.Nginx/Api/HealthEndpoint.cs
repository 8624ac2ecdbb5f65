using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Configuration;
using Microsoft.AspNetCore.Http;

namespace Dupstream.Nginx.Api;

/// <summary>GET /healthz, unauthenticated: the process answers, and how the last apply went (no secrets, paths, commands or nginx output).</summary>
internal sealed class HealthEndpoint(ApplyStatus status, TimeProvider time, ApplySettings apply)
{
    public Task HandleAsync(HttpContext context)
    {
        var last = status.Last is { } record
            ? new LastApplyResponse(record.At, ApplyResultNames.Of(record.Outcome.Result), Summary(record.Outcome), record.Outcome.HeldBack.Select(h => h.Change.Name).ToList())
            : null;
        var body = new HealthResponse("ok", time.GetUtcNow(), status.StartedAt, last, apply.ModeName);
        return context.Response.WriteAsJsonAsync(body, ReceiverJsonContext.Default.HealthResponse);
    }

    /// <summary>One fixed sentence per result: the apply messages quote nginx, commands and paths.</summary>
    private static string Summary(ApplyOutcome outcome) => outcome.Result switch
    {
        ApplyResult.Applied when outcome.HeldBack.Count > 0 => "Applied; nginx -t refused the services in left_out_by_nginx, which were left out (details in the log).",
        ApplyResult.Applied => "Applied.",
        ApplyResult.Unchanged => "Unchanged: the files already matched the snapshot.",
        ApplyResult.Superseded => "Superseded by a newer snapshot.",
        ApplyResult.TestFailed => "The nginx test refused the new config; the files were restored (details in the log).",
        ApplyResult.ReloadFailed => "The nginx reload failed; the files were restored (details in the log).",
        ApplyResult.MemoryUpdateFailed => "nginx did not take the peers into its memory; the files were restored (details in the log).",
        ApplyResult.WipeRefused => "Refused by the wipe guard until a later snapshot confirms it (details in the log).",
        _ => "Writing the files failed; they were restored (details in the log).",
    };
}

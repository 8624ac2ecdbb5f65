using Dupstream.Contracts;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Api;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Api;

/// <summary>
/// POST <c>endpoint</c>: secret, signature, body, validate, render, queue the apply, answer with what
/// happened. Status codes follow the original (401, 400, 200, 500) plus 413 (too large), 409 (refused
/// by the wipe guard until confirmed) and 422 (nginx -t refused).
/// </summary>
internal sealed class LbEndpoint(ReceiverConfig config, ISnapshotRenderer renderer, SecretCheck secret, SignatureCheck signature, ApplyQueue queue, UnchangedShortcut shortcut, ApplyStatus status, TimeProvider time, ILogger<LbEndpoint> logger, Monitoring.ReceiverMetrics? metrics = null)
{
    public async Task HandleAsync(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var secretHeader = context.Request.Headers["x-secret"];
        var signatureHeader = context.Request.Headers[RequestSignature.HeaderName];

        // A signature proves the secret without putting it on the wire: with one, X-SECRET may be left out,
        // and the request then stands or falls with the signature alone.
        var signatureInstead = secretHeader.Count == 0 && signatureHeader.Count > 0;
        if (!signatureInstead && !secret.Accepts(secretHeader))
        {
            ReceiverLog.InvalidSecret(logger, remote);
            await WriteAsync(context, StatusCodes.Status401Unauthorized, new MessageResponse("Invalid Secret")).ConfigureAwait(false);
            return;
        }

        var (signed, headerError) = signature.CheckHeader(signatureHeader);
        if (headerError is not null)
        {
            await RefuseSignatureAsync(context, remote, headerError).ConfigureAwait(false);
            return;
        }

        var (body, readStatus, readError) = await SnapshotRequestReader.ReadBodyAsync(context.Request, config.Limits.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            ReceiverLog.BadRequest(logger, remote, readStatus, readError!);
            await WriteAsync(context, readStatus, new MessageResponse(readError!)).ConfigureAwait(false);
            return;
        }

        if (signed is not null && signature.VerifyBody(signed, body) is { } bodyError)
        {
            await RefuseSignatureAsync(context, remote, bodyError).ConfigureAwait(false);
            return;
        }

        var started = time.GetTimestamp();
        if (shortcut.TryAnswer<RememberedAnswer>(body, out var ticket) is { } remembered)
        {
            metrics?.Validated(remembered.Validated);
            var unchangedOutcome = ApplyOutcome.Unchanged with { HeldBack = remembered.HeldBack };
            status.Record(unchangedOutcome);
            metrics?.ApplyFinished(unchangedOutcome, time.GetElapsedTime(started), time.GetUtcNow());
            ReceiverLog.Unchanged(logger);
            await WriteAsync(context, StatusCodes.Status200OK, remembered.Response).ConfigureAwait(false);
            return;
        }

        var (snapshot, parseStatus, error) = SnapshotRequestReader.Parse(body);
        if (snapshot is null)
        {
            ReceiverLog.BadRequest(logger, remote, parseStatus, error!);
            await WriteAsync(context, parseStatus, new MessageResponse(error!)).ConfigureAwait(false);
            return;
        }

        var validated = renderer.Render(snapshot);
        metrics?.Validated(validated);
        foreach (var rejection in validated.RejectedServices)
        {
            ReceiverLog.ServiceRejected(logger, rejection.Subject, rejection.Reason);
        }

        foreach (var rejection in validated.RejectedNodes)
        {
            ReceiverLog.NodeRejected(logger, rejection.Subject, rejection.Reason);
        }

        var outcome = await queue.SubmitAsync(validated.Config).ConfigureAwait(false);
        var response = new ApplyResponse(
            outcome.Message,
            ApplyResultNames.Of(outcome.Result),
            outcome.ChangedFiles,
            outcome.Reloaded,
            // apply_mode "lua" only (left out of answers in reload mode): whether nginx's memory now holds the peers.
            config.Apply.Mode == ApplyMode.Lua ? outcome.Memory == MemoryUpdate.Succeeded : null,
            validated.RejectedServices.Select(r => new RejectedService(r.Subject, r.Reason))
                .Concat(outcome.HeldBack.Select(h => new RejectedService(h.Change.Name, h.Reason))).ToList(),
            validated.RejectedNodes.Select(r => new RejectedNode(r.Subject, r.Reason)).ToList(),
            outcome.CommandOutput);
        if (outcome.Result is ApplyResult.Applied or ApplyResult.Unchanged)
        {
            var unchanged = response with { Message = ApplyOutcome.Unchanged.Message, Result = ApplyResultNames.Of(ApplyResult.Unchanged), ChangedFiles = [], Reloaded = false, Output = null, MemoryUpdated = response.MemoryUpdated is null ? null : false };
            shortcut.Remember(ticket, new RememberedAnswer(unchanged, validated, outcome.HeldBack));
        }

        await WriteAsync(context, StatusFor(outcome.Result), response).ConfigureAwait(false);
    }

    private static int StatusFor(ApplyResult result) => result switch
    {
        ApplyResult.Applied or ApplyResult.Unchanged or ApplyResult.Superseded => StatusCodes.Status200OK,
        ApplyResult.TestFailed => StatusCodes.Status422UnprocessableEntity,
        ApplyResult.WipeRefused => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };

    private Task RefuseSignatureAsync(HttpContext context, string? remote, string reason)
    {
        ReceiverLog.InvalidSignature(logger, remote, reason);
        return WriteAsync(context, StatusCodes.Status401Unauthorized, new MessageResponse("Invalid Signature: " + reason));
    }

    private static Task WriteAsync(HttpContext context, int status, MessageResponse body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, ReceiverJsonContext.Default.MessageResponse);
    }

    private static Task WriteAsync(HttpContext context, int status, ApplyResponse body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, ReceiverJsonContext.Default.ApplyResponse);
    }
}

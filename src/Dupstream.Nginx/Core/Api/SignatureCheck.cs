using System.Globalization;
using Dupstream.Contracts;
using Dupstream.Nginx.Configuration;
using Microsoft.Extensions.Primitives;

namespace Dupstream.Nginx.Core.Api;

/// <summary>
/// Checks <c>X-Dupstream-Signature</c> in two steps: the header and its timestamp before the body is
/// read (cheap refusals first), then the HMAC over the body and the replay memory. Reasons say what
/// is wrong without quoting the secret, the expected signature or the header.
/// </summary>
internal sealed class SignatureCheck
{
    private readonly string? secret;
    private readonly bool required;
    private readonly TimeSpan window;
    private readonly TimeProvider time;
    private readonly SeenSignatures seen;
    private readonly Lock gate = new();
    private byte[] lastVerified = [];

    public SignatureCheck(SecuritySettings security, TimeProvider time)
    {
        secret = security.Secret;
        required = security.RequireSignature;
        window = security.SignatureWindow;
        this.time = time;
        seen = new SeenSignatures(window, time);
    }

    /// <summary>
    /// Null signature and null error: nothing to check (no header and not required, or no secret).
    /// A signature: check it with <see cref="VerifyBody"/> once the body is read. An error: refuse.
    /// </summary>
    public (ParsedSignature? Signature, string? Error) CheckHeader(StringValues header)
    {
        if (secret is null)
        {
            return (null, null); // --insecure without a secret: nothing to verify against.
        }

        if (header.Count == 0)
        {
            return required ? (null, $"no {RequestSignature.HeaderName} header; this receiver requires signed requests (require_signature).") : (null, null);
        }

        if (header.Count > 1)
        {
            return (null, $"{RequestSignature.HeaderName} is given more than once.");
        }

        if (!RequestSignature.TryParse(header[0], out var timestamp, out var signature, out var formatError))
        {
            return (null, $"{RequestSignature.HeaderName}: {formatError}");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var skew = Math.Abs((decimal)now - timestamp);
        if (skew > (decimal)window.TotalSeconds)
        {
            return (null, string.Create(
                CultureInfo.InvariantCulture,
                $"the signature time is {skew} s away from this receiver's clock; at most {window.TotalSeconds} s (signature_window_seconds) are accepted."));
        }

        return (new ParsedSignature(timestamp, signature), null);
    }

    /// <summary>
    /// Null when the signature matches the body and was not used before, or is the one most recently verified;
    /// else the reason. The exception is what makes retries safe: a watcher re-sends the same body within the
    /// same second (a retry after a failed apply, or --always), which signs identically, and re-applying the
    /// newest snapshot the receiver was sent changes nothing. A replay of any older request could roll the
    /// upstreams back, so that stays refused.
    /// </summary>
    public string? VerifyBody(ParsedSignature signature, ReadOnlySpan<byte> body)
    {
        if (!RequestSignature.Verify(secret!, signature.Timestamp, body, signature.Signature))
        {
            return "the signature does not match the body (wrong secret, or the body or time was changed).";
        }

        if (!seen.TryRecord(signature.Timestamp, signature.Signature) && !IsLastVerified(signature.Signature))
        {
            return "this signature was already used (replay); sign each request anew.";
        }

        lock (gate)
        {
            lastVerified = signature.Signature.ToArray();
        }

        return null;
    }

    private bool IsLastVerified(ReadOnlySpan<byte> signature)
    {
        lock (gate)
        {
            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(signature, lastVerified);
        }
    }
}

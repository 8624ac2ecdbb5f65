namespace Dupstream.Nginx.Core.Api;

/// <summary>An <c>X-Dupstream-Signature</c> header whose form and timestamp passed; the HMAC is still to check.</summary>
internal sealed record ParsedSignature(long Timestamp, byte[] Signature);

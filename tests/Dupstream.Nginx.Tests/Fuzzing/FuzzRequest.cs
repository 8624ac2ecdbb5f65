using System.Text;

namespace Dupstream.Nginx.Tests.Fuzzing;

/// <summary>
/// One hostile request: a body with headers sent through HttpClient, or (when <see cref="Raw"/> is
/// set) raw bytes on a socket, for what HttpClient refuses to send (bad header bytes, bad lengths).
/// </summary>
public sealed record FuzzRequest(string Kind, byte[] Body, string? ContentType, SecretMode Secret, SignatureMode Signature, string? GarbageSignature, byte[]? Raw)
{
    public override string ToString()
    {
        var bytes = Raw ?? Body;
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 400));
        return $"{Kind} ({bytes.Length} bytes, content-type {ContentType ?? "none"}, secret {Secret}, signature {Signature}): {text}";
    }
}

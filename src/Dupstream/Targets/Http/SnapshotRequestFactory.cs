using System.Net.Http.Headers;
using Dupstream.Contracts;
using Dupstream.Snapshots;

namespace Dupstream.Targets.Http;

/// <summary>
/// Builds the POST for one delivery. With a secret it carries X-SECRET (what the original receivers check; left
/// out with <paramref name="signatureOnly"/>) and X-Dupstream-Signature, an HMAC of the signing time and the body,
/// so a receiver can refuse tampered, old and replayed requests. A target URL with <c>user:password@</c> gets an
/// <c>Authorization: Basic</c> header, as the original's HTTP client (request) sent one. The time is read per request; a retry within the same second signs identically, which the
/// receiver accepts for the request it verified last (re-applying the newest snapshot changes nothing).
/// </summary>
internal sealed class SnapshotRequestFactory(string? secret, TimeProvider time, bool signatureOnly = false)
{
    public const string SecretHeader = "X-SECRET";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public HttpRequestMessage Create(Uri target, CanonicalSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(snapshot);
        var content = new ReadOnlyMemoryContent(snapshot.Bytes);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
        if (BasicCredentials.HeaderFor(target) is { } authorization)
        {
            request.Headers.Authorization = authorization;
        }

        if (!string.IsNullOrEmpty(secret))
        {
            if (!signatureOnly)
            {
                request.Headers.TryAddWithoutValidation(SecretHeader, secret);
            }

            var signature = RequestSignature.CreateHeader(secret, time.GetUtcNow().ToUnixTimeSeconds(), snapshot.Bytes.Span);
            request.Headers.TryAddWithoutValidation(RequestSignature.HeaderName, signature);
        }

        return request;
    }
}

using System.Net.Http.Headers;
using Dupstream.Snapshots;

namespace Dupstream.Delivery;

/// <summary>
/// Builds the POST for one delivery. Kept apart so request signing (a later issue adds HMAC) changes one small class.
/// </summary>
internal sealed class SnapshotRequestFactory(string? secret)
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
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.TryAddWithoutValidation(SecretHeader, secret);
        }

        return request;
    }
}

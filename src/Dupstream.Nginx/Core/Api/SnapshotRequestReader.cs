using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dupstream.Common.Text;
using Dupstream.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Dupstream.Nginx.Core.Api;

/// <summary>
/// Reads a snapshot from a request: JSON content type, at most max_body_bytes, an object with
/// <c>nodes</c> and <c>services</c> arrays. Any failure comes back as a status code and a reason.
/// </summary>
internal static class SnapshotRequestReader
{
    /// <summary>The raw body, once its content type and size are acceptable (the signature covers these bytes).</summary>
    public static async Task<(byte[]? Body, int Status, string? Error)> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, StatusCodes.Status400BadRequest, $"The body must be JSON (Content-Type: application/json), not '{LogText.Printable(request.ContentType ?? "none")}'.");
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"The body is {request.ContentLength} bytes; at most {maxBytes} (max_body_bytes) are accepted.");
        }

        // We count bytes ourselves (chunked bodies have no length), so Kestrel's own limit is lifted.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        byte[]? body;
        try
        {
            body = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // A body that ends early or breaks the chunked framing is the client's fault: 4xx, not 500.
            return (null, ex.StatusCode, $"The body could not be read: {ex.Message}");
        }

        return body is null
            ? (null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes (max_body_bytes).")
            : (body, StatusCodes.Status200OK, null);
    }

    /// <summary>
    /// The serializer's settings for a body: the snapshot contract's, and a name given twice at any depth is refused
    /// (which of two values counts is a guess, and a guess about a label or a node list is not for nginx).
    /// </summary>
    private static readonly JsonTypeInfo<SwarmSnapshot> StrictSnapshot = (JsonTypeInfo<SwarmSnapshot>)new JsonSerializerOptions(SnapshotJsonContext.Default.Options)
    {
        AllowDuplicateProperties = false,
    }.GetTypeInfo(typeof(SwarmSnapshot));

    /// <summary>
    /// The snapshot in a body: an object with <c>nodes</c> and <c>services</c> arrays, else 400 and why. A good body
    /// is parsed once, by the serializer; only a refused one is read again, to say precisely what is wrong with it.
    /// </summary>
    public static (SwarmSnapshot? Snapshot, int Status, string? Error) Parse(byte[] body)
    {
        JsonException failure;
        try
        {
            if (JsonSerializer.Deserialize(body, StrictSnapshot) is { } snapshot)
            {
                return (snapshot, StatusCodes.Status200OK, null);
            }

            failure = new JsonException("The body is JSON null, not a snapshot.");
        }
        catch (JsonException ex)
        {
            failure = ex;
        }

        return (null, StatusCodes.Status400BadRequest, CheckShape(body) ?? $"The body is not a valid snapshot: {failure.Message}");
    }

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var charsetOk = !media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        return charsetOk && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Why a refused body is refused, by the original's checks with a precise reason: an object with arrays nodes and
    /// services. Only a body the serializer refused comes here.
    /// </summary>
    private static string? CheckShape(byte[] body)
    {
        try
        {
            // Names the serializer found twice are named here as the reason.
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"The body must be a JSON object with arrays 'nodes' and 'services', not {root.ValueKind.ToString().ToLowerInvariant()}.";
            }

            foreach (var name in (string[])["nodes", "services"])
            {
                if (!root.TryGetProperty(name, out var value))
                {
                    return $"The body has no '{name}' array.";
                }

                if (value.ValueKind != JsonValueKind.Array)
                {
                    return $"'{name}' must be an array, not {value.ValueKind.ToString().ToLowerInvariant()}.";
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return $"The body is not valid JSON: {ex.Message}";
        }
    }
}

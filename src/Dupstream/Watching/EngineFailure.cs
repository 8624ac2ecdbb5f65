using System.Text.Json;
using Docker.DotNet;

namespace Dupstream.Watching;

/// <summary>Turns an engine failure into one short log phrase (the library's messages carry whole response bodies).</summary>
internal static class EngineFailure
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is DockerApiException api)
        {
            return $"engine answered {(int)api.StatusCode}: {MessageOf(api.ResponseBody)}";
        }

        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return ReferenceEquals(innermost, exception)
            ? $"{exception.GetType().Name}: {exception.Message}"
            : $"{exception.GetType().Name}: {exception.Message} ({innermost.GetType().Name}: {innermost.Message})";
    }

    private static string MessageOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no message)";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString() ?? "(no message)";
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        var text = body.Trim();
        return text.Length > 200 ? text[..200] + "..." : text;
    }
}

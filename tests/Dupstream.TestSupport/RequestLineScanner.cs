using System.Text;

namespace Dupstream.TestSupport;

/// <summary>
/// Finds HTTP/1.x request lines ("GET /v1.41/tasks?... HTTP/1.1") in the bytes a client sends, fed in
/// chunks as they arrive. The watcher's engine requests carry no bodies worth speaking of, so a line
/// of that exact shape is a request. What <see cref="CountingEngineProxy"/> counts.
/// </summary>
public sealed class RequestLineScanner
{
    // Headers and request lines of the engine API are far shorter; a longer line is a body, skipped.
    private const int MaxLine = 16 * 1024;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"];

    private readonly byte[] line = new byte[MaxLine];
    private int length;
    private bool overflowed;

    /// <summary>Consumes a chunk and returns the request lines completed in it, as (method, target).</summary>
    public IReadOnlyList<(string Method, string Target)> Feed(ReadOnlySpan<byte> chunk)
    {
        List<(string, string)>? found = null;
        foreach (var b in chunk)
        {
            if (b == (byte)'\n')
            {
                if (!overflowed && Parse(line.AsSpan(0, length)) is { } request)
                {
                    (found ??= []).Add(request);
                }
                length = 0;
                overflowed = false;
            }
            else if (length < MaxLine)
            {
                line[length++] = b;
            }
            else
            {
                overflowed = true;
            }
        }
        return found ?? (IReadOnlyList<(string, string)>)[];
    }

    /// <summary>Parses one line without its '\n'; null when it is not a request line.</summary>
    public static (string Method, string Target)? Parse(ReadOnlySpan<byte> raw)
    {
        if (raw.EndsWith("\r"u8))
        {
            raw = raw[..^1];
        }
        if (!raw.EndsWith(" HTTP/1.1"u8) && !raw.EndsWith(" HTTP/1.0"u8))
        {
            return null;
        }
        var text = Encoding.ASCII.GetString(raw[..^" HTTP/1.1".Length]);
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !Methods.Contains(text[..space], StringComparer.Ordinal))
        {
            return null;
        }
        var target = text[(space + 1)..];
        return target.StartsWith('/') && !target.Contains(' ', StringComparison.Ordinal) ? (text[..space], target) : null;
    }
}

namespace Dupstream.Configuration;

/// <summary>
/// How a target URL appears in logs and messages: without user info and query, the two places
/// where people put credentials in URLs.
/// </summary>
internal static class TargetDisplay
{
    public static string Of(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.IsAbsoluteUri)
        {
            return "(relative URL)";
        }

        var builder = new UriBuilder(target) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
        return builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    /// <summary>For raw text that did not even parse: show no more than the scheme and host part.</summary>
    public static string OfRaw(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var at = raw.IndexOf('@', StringComparison.Ordinal);
        var schemeEnd = raw.IndexOf("://", StringComparison.Ordinal);
        if (at >= 0 && schemeEnd >= 0 && at > schemeEnd)
        {
            raw = string.Concat(raw.AsSpan(0, schemeEnd + 3), "***@", raw.AsSpan(at + 1));
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? raw[..query] : raw;
    }
}

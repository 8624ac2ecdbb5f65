namespace Dupstream.TestSupport;

/// <summary>One HTTP request the watcher sent to the engine, seen by the counting proxy.</summary>
/// <param name="Timestamp">When its request line passed the proxy (<see cref="TimeProvider.GetTimestamp"/>).</param>
/// <param name="Method">GET, POST ...</param>
/// <param name="Target">Path and query as sent, e.g. <c>/v1.41/tasks?filters=...</c>.</param>
public sealed record EngineRequest(long Timestamp, string Method, string Target)
{
    /// <summary>The path without version prefix and query, e.g. <c>/tasks</c>: what the idle breakdown groups by.</summary>
    public string Endpoint
    {
        get
        {
            var path = Target.Split('?', 2)[0];
            // "/v1.41/tasks" -> "/tasks"; an unversioned path stays as it is.
            if (path.StartsWith("/v", StringComparison.Ordinal) && path.IndexOf('/', 1) is > 0 and var slash
                && char.IsAsciiDigit(path[2]))
            {
                return path[slash..];
            }
            return path;
        }
    }

    /// <summary>The query, URL-decoded, so a filter is readable in the report.</summary>
    public string DecodedQuery => Target.Split('?', 2) is [_, var query] ? Uri.UnescapeDataString(query) : "";
}

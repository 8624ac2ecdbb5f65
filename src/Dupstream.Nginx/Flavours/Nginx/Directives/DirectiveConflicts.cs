namespace Dupstream.Nginx.Flavours.Nginx.Directives;

/// <summary>
/// Pure: checks the directives of one upstream block together (prefix then suffix, in the order they are
/// rendered), for what nginx refuses or silently gets wrong only in combination: a directive given twice
/// ("keepalive" is duplicate), two load-balancing methods ("load balancing method redefined": only the last
/// counts), and a method after <c>keepalive</c> (the same warning, and keepalive is then off).
/// </summary>
internal static class DirectiveConflicts
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "hash", "ip_hash", "least_conn", "random", "ntlm" };

    // nginx's own upstream directives; an operator's additions to the allowlist may legitimately repeat.
    private static readonly HashSet<string> OncePerBlock = new(StringComparer.Ordinal)
    {
        "hash", "ip_hash", "least_conn", "random", "ntlm", "keepalive", "keepalive_requests", "keepalive_time", "keepalive_timeout", "zone",
    };

    /// <summary>Null when the directives can stand together in one block, else the reason.</summary>
    public static string? Check(IReadOnlyList<string> directives)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? method = null;
        var keepalive = false;
        foreach (var directive in directives)
        {
            if (OncePerBlock.Contains(directive) && !seen.Add(directive))
            {
                return $"directive '{directive}' is given twice in the block (prefix and suffix together); nginx refuses or ignores a repeated one.";
            }

            if (Methods.Contains(directive))
            {
                if (method is not null)
                {
                    return $"'{method}' and '{directive}' both choose the load-balancing method; nginx would use only the last.";
                }

                if (keepalive)
                {
                    return $"'{directive}' comes after 'keepalive'; nginx would turn keepalive off. Put the load-balancing method first.";
                }

                method = directive;
            }

            keepalive |= directive == "keepalive";
        }

        return null;
    }
}

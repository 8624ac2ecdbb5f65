namespace Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

/// <summary>
/// Pure: the load-balancing method of a service's labels, turned into the arguments of <c>dupstream.balance</c>,
/// and the labels without it. nginx must not see the method as a directive too: with a <c>balancer_by_lua_block</c>
/// it warns "load balancing method redefined" and one of the two loses.
/// </summary>
/// <param name="Arguments">The Lua arguments after the upstream name, e.g. <c>"hash", "$request_uri", true</c>.</param>
/// <param name="Prefix">The prefix label's other directives, as nginx directives.</param>
/// <param name="Suffix">The suffix label's other directives.</param>
internal sealed record BalanceCall(string Arguments, string Prefix, string Suffix)
{
    /// <summary>Why a service cannot be balanced by Lua, or null.</summary>
    public static string? Refusal(IEnumerable<string> directives) =>
        directives.Contains("ntlm", StringComparer.Ordinal)
            ? "'ntlm' cannot work with apply_mode \"lua\" (it pins a client connection to a peer, which a Lua balancer cannot do); remove it or use apply_mode \"reload\"."
            : null;

    /// <summary>From labels the validator accepted (at most one method, no ntlm). Label text holds no quotes, braces or backslashes, so it is safe in a Lua string.</summary>
    public static BalanceCall Of(string prefix, string suffix)
    {
        string? arguments = null;
        string Rest(string label)
        {
            var kept = new List<string>();
            foreach (var statement in label.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0))
            {
                var words = statement.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (Method(words) is { } method)
                {
                    arguments = method;
                }
                else
                {
                    kept.Add(statement + ";");
                }
            }

            return string.Join(' ', kept);
        }

        var (rest, restSuffix) = (Rest(prefix), Rest(suffix));
        return new BalanceCall(arguments ?? "\"round_robin\"", rest, restSuffix);
    }

    private static string? Method(string[] words) => words[0] switch
    {
        "least_conn" => "\"least_conn\"",
        "ip_hash" => "\"ip_hash\"",
        "hash" when words.Length > 2 && words[2] == "consistent" => $"\"hash\", \"{words[1]}\", true",
        "hash" => $"\"hash\", \"{words[1]}\"",
        "random" when words.Length > 1 => "\"random_two\"",
        "random" => "\"random\"",
        _ => null,
    };
}

using System.Text;

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

/// <summary>
/// Pure: one service's upstream block in apply_mode "lua". The <c>server</c> lines stay (the wipe guard, nginx -t
/// isolation and <c>render</c> read them, and the peers file is derived from them); the balancer line comes first,
/// then the other directives, so <c>keepalive</c> follows the balancer as the Lua module needs.
/// </summary>
internal static class LuaUpstreamBlock
{
    /// <param name="hosts">The server hosts (the port is added).</param>
    public static void Append(StringBuilder text, string name, string prefix, string suffix, int port, IEnumerable<string> hosts)
    {
        var call = BalanceCall.Of(prefix, suffix);
        text.Append("upstream ").Append(name).Append(" {\n");
        text.Append("\tbalancer_by_lua_block { dupstream.balance(\"").Append(name).Append("\", ").Append(call.Arguments).Append(") }\n");
        if (call.Prefix.Length > 0)
        {
            text.Append('\t').Append(call.Prefix).Append('\n');
        }

        text.Append('\n');
        foreach (var host in hosts)
        {
            text.Append("\tserver\t").Append(host).Append(':').Append(port).Append(";\n");
        }

        if (call.Suffix.Length > 0)
        {
            text.Append("\n\t").Append(call.Suffix).Append('\n');
        }

        text.Append("}\n\n");
    }
}

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua;

/// <summary>An upstream block in lua mode as the contract lays it out (from the contract, not the receiver's renderer, like <see cref="ContractPeersText"/>).</summary>
internal static class ContractUpstreamBlock
{
    /// <param name="balanceArguments">What follows the name in <c>dupstream.balance(...)</c>, e.g. <c>"hash", "$arg_key", true</c>.</param>
    /// <param name="directives">Lines after the balancer line (e.g. <c>keepalive 16;</c>).</param>
    /// <param name="serverPorts">Loopback ports of the server lines (what the files hold; the balancer ignores them).</param>
    public static string Render(string name, string balanceArguments, IEnumerable<string> directives, IEnumerable<int> serverPorts)
    {
        var directiveLines = string.Concat(directives.Select(d => $"\t{d}\n"));
        var serverLines = string.Concat(serverPorts.Select(p => $"\tserver\t127.0.0.1:{p};\n"));
        return $"upstream {name} {{\n\tbalancer_by_lua_block {{ dupstream.balance(\"{name}\", {balanceArguments}) }}\n{directiveLines}\n{serverLines}}}\n\n";
    }
}

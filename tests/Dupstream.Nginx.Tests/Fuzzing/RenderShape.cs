using System.Text.RegularExpressions;

namespace Dupstream.Nginx.Tests.Fuzzing;

/// <summary>
/// An independent description of everything the receiver may ever write, to check what it wrote
/// without trusting its own validator: upstream files are nothing but upstream blocks in the original
/// layout whose prefix and suffix are allowlisted one-line statements, and the hosts file is the
/// user's lines followed by one section of <c>IP\tNAME</c> lines.
/// </summary>
public static class RenderShape
{
    private const string Arg = @"[!-~-[{};#""'\\]]+";
    private const string Host = @"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\]|[0-9.]+)";

    public static Regex UpstreamFile(IEnumerable<string> allowedDirectives)
    {
        var directive = "(?:" + string.Join('|', allowedDirectives.Select(Regex.Escape)) + ")";
        // Whitespace alone is allowed: the original renders a " " label as it is, and nginx ignores it.
        var statements = $@"[ \t]*(?:{directive}(?:[ \t]+{Arg})*[ \t]*;[ \t]*)*";
        var block = $@"upstream [A-Za-z0-9][A-Za-z0-9_.-]* \{{\n(?:\t{statements}\n\n)?(?:\tserver\t{Host}:[0-9]{{1,5}};\n)+(?:\n\t{statements}\n)?\}}\n\n";
        return new Regex($@"\A(?:{block})*\z", RegexOptions.CultureInvariant);
    }

    public static Regex HostsFile(string userLines) =>
        new($@"\A{Regex.Escape(userLines)}# <HOST-CONFIG>\n(?:[0-9A-Fa-f.:]+\t{Host}\n)*# </HOST-CONFIG>\n\z", RegexOptions.CultureInvariant);
}

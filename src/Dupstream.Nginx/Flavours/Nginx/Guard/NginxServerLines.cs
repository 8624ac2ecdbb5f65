using System.Text.RegularExpressions;
using Dupstream.Nginx.Core.Guard;

namespace Dupstream.Nginx.Flavours.Nginx.Guard;

/// <summary>
/// Pure: the <c>server</c> lines of upstream files, as "upstream name / server address" keys with
/// counts. Tolerant of hand-edited files (any spacing, extra parameters), because the wipe guard
/// counts what is on disk now, whoever wrote it.
/// </summary>
internal sealed partial class NginxServerLines : IServerLineCounter
{
    [GeneratedRegex(@"^\s*upstream\s+(\S+)\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex UpstreamLine();

    [GeneratedRegex(@"^\s*server\s+([^;]*);", RegexOptions.CultureInvariant)]
    private static partial Regex ServerLine();

    public Dictionary<string, int> Count(IEnumerable<string> files)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (upstream, server) in files.SelectMany(Servers))
        {
            var key = upstream + " " + server;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    /// <summary>Each <c>server</c> line of one file as its upstream's name and its arguments (single spaces), in file order.</summary>
    public static IEnumerable<(string Upstream, string Server)> Servers(string file)
    {
        var upstream = "";
        foreach (var line in file.Split('\n'))
        {
            if (UpstreamLine().Match(line) is { Success: true } block)
            {
                upstream = block.Groups[1].Value;
            }
            else if (ServerLine().Match(line) is { Success: true } server)
            {
                yield return (upstream, string.Join(' ', server.Groups[1].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)));
            }
        }
    }

    /// <summary>Whether a line is a <c>server</c> line (the only lines a membership change touches).</summary>
    public static bool IsServerLine(string line) => ServerLine().IsMatch(line);

    /// <summary>The name of the upstream a line opens, or null.</summary>
    public static string? UpstreamName(string line) => UpstreamLine().Match(line) is { Success: true } block ? block.Groups[1].Value : null;
}

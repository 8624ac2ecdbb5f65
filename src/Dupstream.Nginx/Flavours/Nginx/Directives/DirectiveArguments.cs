using System.Globalization;
using System.Text.RegularExpressions;

namespace Dupstream.Nginx.Flavours.Nginx.Directives;

/// <summary>
/// Checks the arguments of nginx's own upstream directives the way nginx 1.22 parses them, so a label
/// like <c>keepalive abc;</c> leaves out its one service instead of failing <c>nginx -t</c> for the
/// whole snapshot. Directives an operator adds to the allowlist and nginx's that are not listed here
/// are passed through unchecked; <c>nginx -t</c> still guards them.
/// </summary>
internal static partial class DirectiveArguments
{
    // nginx's upstream zone must hold at least 8 pages (ngx_http_upstream_zone_module).
    private const long MinimumZoneBytes = 8 * 4096;

    /// <summary>Null when nginx accepts these arguments for the directive, else the reason.</summary>
    public static string? Check(string directive, IReadOnlyList<string> args) => directive switch
    {
        "least_conn" or "ip_hash" or "ntlm" => args.Count == 0 ? null : $"'{directive}' takes no arguments.",
        "hash" => args.Count switch
        {
            1 => null,
            2 when args[1] == "consistent" => null,
            _ => "'hash' takes a key and optionally 'consistent'.",
        },
        "random" => args.Count switch
        {
            0 => null,
            1 when args[0] == "two" => null,
            2 when args[0] == "two" && args[1] == "least_conn" => null,
            _ => "'random' takes nothing, 'two' or 'two least_conn'.",
        },
        "keepalive" => One(directive, args) ?? (PositiveNumber(args[0]) ? null : "'keepalive' takes a number of connections greater than 0."),
        "keepalive_requests" => One(directive, args) ?? (Number(args[0]) ? null : "'keepalive_requests' takes a number."),
        "keepalive_time" or "keepalive_timeout" => One(directive, args) ?? (Time().IsMatch(args[0]) ? null : $"'{directive}' takes a time such as 60s or 1h."),
        // nginx accepts a zone without a size only where another upstream gives the size; a label cannot
        // know that, so it must give one.
        "zone" => args.Count == 2 && ZoneName().IsMatch(args[0])
            ? ZoneSize(args[1])
            : "'zone' takes a name (letters, digits, '_' and '-') and a size.",
        _ => null,
    };

    private static string? One(string directive, IReadOnlyList<string> args) =>
        args.Count == 1 ? null : $"'{directive}' takes exactly one argument.";

    private static bool Number(string text) =>
        text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit);

    private static bool PositiveNumber(string text) =>
        Number(text) && int.Parse(text, CultureInfo.InvariantCulture) > 0;

    private static string? ZoneSize(string text)
    {
        var match = Size().Match(text);
        if (!match.Success)
        {
            return "the 'zone' size must be a number with an optional k or m suffix.";
        }

        var bytes = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * char.ToLowerInvariant(match.Groups[2].Value.FirstOrDefault()) switch
        {
            'k' => 1024L,
            'm' => 1024L * 1024,
            _ => 1L,
        };
        return bytes >= MinimumZoneBytes ? null : $"the 'zone' size must be at least {MinimumZoneBytes / 1024}k.";
    }

    // nginx's ngx_parse_time: one or more number+unit groups; only the last may omit the unit (seconds).
    [GeneratedRegex(@"\A(?:[0-9]{1,9}(?:ms|[smhdwMy]))*[0-9]{1,9}(?:ms|[smhdwMy])?\z")]
    private static partial Regex Time();

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex ZoneName();

    [GeneratedRegex(@"\A([0-9]{1,9})([kKmM]?)\z")]
    private static partial Regex Size();
}

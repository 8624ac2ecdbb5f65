using Dupstream.Nginx.Flavours.Nginx.Guard;

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

/// <summary>
/// Pure: whether a file's change touches only <c>server</c> lines. Then the Lua balancer takes the new peers from
/// memory and nginx's config is as good as before: server lines of validated IPs cannot break it, so neither
/// <c>nginx -t</c> nor a reload is needed. Anything else (a block added or removed, a directive or method changed,
/// a new file) is structural.
/// </summary>
internal static class MembershipChange
{
    public static bool IsMembershipOnly(string? old, string wanted) =>
        old is not null && WithoutServerLines(old).SequenceEqual(WithoutServerLines(wanted), StringComparer.Ordinal);

    private static IEnumerable<string> WithoutServerLines(string text) =>
        text.Split('\n').Where(line => !NginxServerLines.IsServerLine(line));
}

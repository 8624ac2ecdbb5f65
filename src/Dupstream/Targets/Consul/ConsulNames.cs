using System.Globalization;
using System.Text;

namespace Dupstream.Targets.Consul;

/// <summary>
/// Consul service names as Consul recommends them (valid DNS labels, so <c>name.service.consul</c> resolves):
/// lowercase letters, digits and dashes, at most 63 characters, no dash at either end.
/// </summary>
internal static class ConsulNames
{
    public const int MaximumLength = 63;

    /// <summary>
    /// Lowercases, turns every other character ('_' and '.' in swarm names) into '-', collapses runs of '-',
    /// trims dashes at the ends and cuts at 63 characters. Null when nothing is left.
    /// </summary>
    public static string? ServiceName(string swarmName)
    {
        ArgumentNullException.ThrowIfNull(swarmName);
        var builder = new StringBuilder(swarmName.Length);
        foreach (var raw in swarmName)
        {
            var c = char.ToLowerInvariant(raw);
            var keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var name = builder.ToString().TrimEnd('-');
        if (name.Length > MaximumLength)
        {
            name = name[..MaximumLength].TrimEnd('-');
        }

        return name.Length == 0 ? null : name;
    }

    /// <summary>Deterministic, so a restarted watcher recognises its instances: one instance per service and node.</summary>
    public static string ServiceId(string serviceName, int port) =>
        string.Create(CultureInfo.InvariantCulture, $"{ConsulMarkers.ServiceIdPrefix}{serviceName}-{port}");
}

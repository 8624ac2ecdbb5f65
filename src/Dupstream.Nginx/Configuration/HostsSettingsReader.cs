namespace Dupstream.Nginx.Configuration;

/// <summary>Reads and checks <c>hostsfile</c> (or HOSTSFILE) and <c>allow_unsafe_nodes</c>.</summary>
internal static class HostsSettingsReader
{
    /// <param name="upstreamFiles">The output files, which the hosts file must not be one of.</param>
    public static HostsSettings Read(SettingsSource source, IReadOnlyList<KeyValuePair<string, string>> upstreamFiles)
    {
        var fromEnvironment = source.Environment("HOSTSFILE") is { Length: > 0 } envHosts ? envHosts : null;
        var hostsKey = fromEnvironment is null ? "hostsfile" : "HOSTSFILE";
        var hostsFile = source.FullPath(fromEnvironment ?? source.Reader.String("hostsfile") ?? new HostsSettings().HostsFile);
        source.RequireDirectory(hostsFile, hostsKey);
        if (upstreamFiles.Any(f => f.Value == hostsFile))
        {
            source.Errors.Add($"{hostsKey}: '{hostsFile}' is also an upstream_file; they must differ.");
        }

        return new HostsSettings { HostsFile = hostsFile, AllowUnsafeNodes = source.Reader.Bool("allow_unsafe_nodes") ?? false };
    }
}

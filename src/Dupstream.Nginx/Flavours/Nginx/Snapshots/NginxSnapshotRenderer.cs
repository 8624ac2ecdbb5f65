using Dupstream.Contracts;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Validation;

namespace Dupstream.Nginx.Flavours.Nginx.Snapshots;

/// <summary>
/// nginx's rendering: validation by nginx's rules, then upstream blocks (in either way of applying) and the hosts
/// section. Not pure only where it must not be: in <c>name</c> mode it reads the names the hosts file already gives,
/// so a node cannot take one over (<paramref name="checkHostsFile"/> false: the offline <c>render</c> command).
/// </summary>
internal sealed class NginxSnapshotRenderer(ReceiverConfig config, bool checkHostsFile = true) : ISnapshotRenderer
{
    public RenderResult Render(SwarmSnapshot snapshot)
    {
        var validated = SnapshotValidator.Validate(snapshot, config, checkHostsFile ? HostNamesInUse() : null);
        return new RenderResult(UpstreamRenderer.Render(validated, config), validated.RejectedServices, validated.RejectedNodes);
    }

    /// <summary>The names the hosts file gives outside our section, when a node name could reach it; none if it cannot be read.</summary>
    private IReadOnlySet<string>? HostNamesInUse()
    {
        if (config.Output.ServerAddress != ServerAddressMode.Name || config.Hosts.AllowUnsafeNodes)
        {
            return null;
        }

        try
        {
            return HostsFileEditor.NamesOutsideSection(File.Exists(config.Hosts.HostsFile) ? File.ReadAllText(config.Hosts.HostsFile, System.Text.Encoding.Latin1) : "");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The apply reports an unreadable hosts file; "localhost" is still refused.
            return null;
        }
    }
}

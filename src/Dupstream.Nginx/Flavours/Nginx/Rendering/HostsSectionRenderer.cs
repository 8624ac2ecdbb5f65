using System.Text;
using Dupstream.Nginx.Flavours.Nginx.Validation;

namespace Dupstream.Nginx.Flavours.Nginx.Rendering;

/// <summary>
/// Pure: the hosts-file section for the nodes, between the original's markers, one <c>IP\tNAME</c>
/// line per node in snapshot order. Unlike the original it ends with a newline, so a tool that later
/// appends to the hosts file cannot glue its line onto the closing marker.
/// </summary>
internal static class HostsSectionRenderer
{
    public const string Header = "# <HOST-CONFIG>";
    public const string Footer = "# </HOST-CONFIG>";

    public static string Render(IEnumerable<ValidatedNode> nodes)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var node in nodes)
        {
            text.Append(node.Ip).Append('\t').Append(node.Name).Append('\n');
        }

        return text.Append(Footer).Append('\n').ToString();
    }
}

using System.Text;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Validation;

namespace Dupstream.Nginx.Flavours.Nginx.Rendering;

/// <summary>
/// Pure: turns a validated snapshot into the contents of every configured upstream file, byte for
/// byte in the original receiver's layout (tabs, blank lines around prefix and suffix, a blank line
/// after each block). A file no service maps to is rendered empty, as the original did. In apply_mode "lua" each
/// block is the Lua flavour's (<see cref="LuaUpstreamBlock"/>).
/// </summary>
internal static class UpstreamRenderer
{
    public static RenderedConfig Render(ValidatedSnapshot snapshot, ReceiverConfig config)
    {
        var files = config.Output.UpstreamFiles
            .Select(file => new RenderedFile(file.Key, file.Value, RenderFile(snapshot.Services.Where(s => s.FileKey == file.Key), config.Apply.Mode)))
            .ToList();
        var hosts = config.Output.ServerAddress == ServerAddressMode.Name ? HostsSectionRenderer.Render(snapshot.Nodes) : null;
        return new RenderedConfig(files, hosts);
    }

    private static string RenderFile(IEnumerable<ValidatedService> services, ApplyMode mode)
    {
        var text = new StringBuilder();
        foreach (var service in services)
        {
            if (mode == ApplyMode.Lua)
            {
                LuaUpstreamBlock.Append(text, service.Name, service.Prefix, service.Suffix, service.PublishedPort, service.ServerHosts);
                continue;
            }

            text.Append("upstream ").Append(service.Name).Append(" {\n");
            if (service.Prefix.Length > 0)
            {
                text.Append('\t').Append(service.Prefix).Append("\n\n");
            }

            foreach (var host in service.ServerHosts)
            {
                text.Append("\tserver\t").Append(host).Append(':').Append(service.PublishedPort).Append(";\n");
            }

            if (service.Suffix.Length > 0)
            {
                text.Append("\n\t").Append(service.Suffix).Append('\n');
            }

            text.Append("}\n\n");
        }

        return text.ToString();
    }
}

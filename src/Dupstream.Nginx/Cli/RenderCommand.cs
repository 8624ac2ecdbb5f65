using System.CommandLine;
using System.Text;
using System.Text.Json;
using Dupstream.Contracts;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Snapshots;

namespace Dupstream.Nginx.Cli;

/// <summary>Prints every file and the hosts section a snapshot would produce, touching nothing.</summary>
internal static class RenderCommand
{
    public static Command Build(Option<string> config)
    {
        var snapshot = new Argument<string>("SNAPSHOT")
        {
            Description = "Snapshot JSON file, or '-' (the default) for standard input.",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command("render", "Print what a snapshot would write (every upstream file, then the hosts section) without touching anything.")
        {
            config,
            snapshot,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await OfflineConfig.TryLoadAsync(parse.GetValue(config)!).ConfigureAwait(false) is not { } loaded)
            {
                return ExitCodes.BadConfig;
            }

            SwarmSnapshot input;
            var source = parse.GetValue(snapshot)!;
            try
            {
                var bytes = source == "-" ? await ReadStdinAsync(cancellationToken).ConfigureAwait(false) : await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false);
                input = SnapshotJson.Deserialize(bytes);
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Cannot read the snapshot from '{source}': {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var validated = new NginxSnapshotRenderer(loaded, checkHostsFile: false).Render(input);
            await Console.Out.WriteAsync(Format(validated.Config, loaded)).ConfigureAwait(false);
            foreach (var rejection in validated.RejectedServices)
            {
                await Console.Error.WriteLineAsync($"left out service {rejection.Subject}: {rejection.Reason}").ConfigureAwait(false);
            }

            foreach (var rejection in validated.RejectedNodes)
            {
                await Console.Error.WriteLineAsync($"left out node {rejection.Subject}: {rejection.Reason}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Pure: one header line per file naming its key and path, then its exact contents.</summary>
    public static string Format(RenderedConfig rendered, ReceiverConfig config)
    {
        var text = new StringBuilder();
        foreach (var file in rendered.Files)
        {
            text.Append("# ==> upstream_file.").Append(file.Key).Append(": ").Append(file.Path).Append('\n');
            text.Append(file.Content);
        }

        if (config.Apply.Mode == ApplyMode.Lua)
        {
            text.Append("# ==> lua peers: ").Append(config.Apply.PeersFile).Append(" (what nginx's memory gets)\n");
            text.Append(PeersText.From(rendered.Files.Select(f => f.Content)));
        }

        if (rendered.HostsSection is { } section)
        {
            text.Append("# ==> hostsfile: ").Append(config.Hosts.HostsFile).Append(" (this section replaces any earlier one, other lines are kept)\n");
            text.Append(section);
        }
        else
        {
            text.Append("# ==> hostsfile: not used (server_address is \"ip\")\n");
        }

        return text.ToString();
    }

    private static async Task<byte[]> ReadStdinAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}

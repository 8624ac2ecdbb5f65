using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Dupstream.Bench.Reloads.Receiver;
using Dupstream.Bench.Reloads.Run;

namespace Dupstream.Bench.Reloads;

/// <summary>The command line: options, their defaults and checks, then one <see cref="BenchRun"/>.</summary>
internal static class ReloadsCommand
{
    public static RootCommand Create()
    {
        var receiver = new Option<FileInfo>("--receiver")
        {
            Description = "The receiver's executable (dupstream-nginx of a Release build).",
            Required = true,
        };
        receiver.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo>() is { Exists: false } file)
            {
                r.AddError($"--receiver: {file.FullName} does not exist; build src/Dupstream.Nginx -c Release first.");
            }
        });
        var modes = new Option<string>("--modes")
        {
            Description = "Comma-separated apply modes to run, in this order: file (apply_mode reload), lua.",
            DefaultValueFactory = _ => "file,lua",
        };
        modes.Validators.Add(r =>
        {
            if (ParseModes(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--modes must list file and/or lua, comma-separated.");
            }
        });
        var sizes = new Option<string>("--upstreams")
        {
            Description = "Comma-separated snapshot sizes in upstreams (3 are the changing and streaming services; the rest never change).",
            DefaultValueFactory = _ => "3,2000",
        };
        sizes.Validators.Add(r =>
        {
            if (ParseSizes(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--upstreams must list sizes from 3 to 20000, comma-separated.");
            }
        });
        var rolling = Bounded("--rolling-changes", 20, 0, 1000, "Steps of the rolling update (one node replaced per step).");
        var scale = Bounded("--scale-changes", 20, 0, 1000, "Steps of the scale loop (1 -> 10 and 10 -> 1 count one each).");
        var streams = Bounded("--streams", 300, 0, 2000, "Long-lived streaming connections through nginx.");
        var lifetime = Bounded("--stream-lifetime-s", 30, 1, 3600, "Seconds a streaming client holds a connection before it connects again (staggered).");
        var loops = Bounded("--loops", 4, 1, 64, "Keep-alive request loops counting failed requests.");
        var gap = Bounded("--gap-ms", 200, 0, 60_000, "Milliseconds between one change being routed and the next POST.");
        var workers = Bounded("--worker-processes", 2, 1, 16, "nginx worker_processes.");
        var nodes = Bounded("--nodes", 24, 10, 254, "Loopback nodes (127.0.1.1 ...), each a backend.");
        var output = new Option<FileInfo>("--out")
        {
            Description = "Where the summary goes (Markdown); the receiver's logs go beside it.",
            DefaultValueFactory = _ => new FileInfo("bench/out/reloads.md"),
        };

        var root = new RootCommand(
            "Measures nginx reloads, worker processes, failed requests and the time until nginx routes to a new peer set "
            + "while dupstream-nginx applies a rolling update and a scale loop, in file mode and in lua mode, under load.")
        {
            receiver, modes, sizes, rolling, scale, streams, lifetime, loops, gap, workers, nodes, output,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var outFile = parse.GetValue(output)!;
            var settings = new RunSettings
            {
                ReceiverExecutable = parse.GetValue(receiver)!.FullName,
                OutputDirectory = outFile.Directory?.FullName ?? Environment.CurrentDirectory,
                Nodes = parse.GetValue(nodes),
                RollingChanges = parse.GetValue(rolling),
                ScaleChanges = parse.GetValue(scale),
                Streams = parse.GetValue(streams),
                StreamLifetime = TimeSpan.FromSeconds(parse.GetValue(lifetime)),
                RequestLoops = parse.GetValue(loops),
                Gap = TimeSpan.FromMilliseconds(parse.GetValue(gap)),
                WorkerProcesses = parse.GetValue(workers),
            };
            return await BenchRun.RunAsync(settings, ParseModes(parse.GetValue(modes))!, ParseSizes(parse.GetValue(sizes))!, outFile.FullName, Console.Out, cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    private static List<ApplyMode>? ParseModes(string? text)
    {
        var modes = new List<ApplyMode>();
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            ApplyMode? mode = item switch { "file" => ApplyMode.File, "lua" => ApplyMode.Lua, _ => null };
            if (mode is null)
            {
                return null;
            }

            modes.Add(mode.Value);
        }

        return modes.Count > 0 ? modes : null;
    }

    private static List<int>? ParseSizes(string? text)
    {
        var sizes = new List<int>();
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 3 or > 20_000)
            {
                return null;
            }

            sizes.Add(size);
        }

        return sizes.Count > 0 ? sizes : null;
    }

    private static Option<int> Bounded(string name, int defaultValue, int min, int max, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is var value && (value < min || value > max))
            {
                r.AddError($"{name} must be from {min} to {max}.");
            }
        });
        return option;
    }
}

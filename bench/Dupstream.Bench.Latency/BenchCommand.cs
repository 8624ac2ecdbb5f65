using System.CommandLine;
using System.CommandLine.Parsing;
using Dupstream.Bench.Latency.Measure;

namespace Dupstream.Bench.Latency;

/// <summary>The command line: options, their defaults and checks, then one <see cref="BenchRun"/>.</summary>
internal static class BenchCommand
{
    public static RootCommand Create()
    {
        var dockerHost = new Option<string>("--docker-host")
        {
            Description = "The lab manager's engine, unix:///path (default: env DOCKER_HOST).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "",
        };
        dockerHost.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!value.StartsWith("unix://", StringComparison.Ordinal) || value.Length <= "unix://".Length)
            {
                r.AddError($"--docker-host (or DOCKER_HOST) must be unix:///path/to/socket of the lab manager, got '{value}'.");
            }
        });
        var watcher = new Option<FileInfo>("--watcher")
        {
            Description = "The watcher's dupstream.dll (Release build).",
            Required = true,
        };
        watcher.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo>() is { Exists: false } file)
            {
                r.AddError($"--watcher: {file.FullName} does not exist; build src/Dupstream -c Release first.");
            }
        });
        var image = new Option<string>("--image")
        {
            Description = "Image of the services (default: env LAB_IMAGE, else local/bb:1).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LAB_IMAGE") is { Length: > 0 } i ? i : "local/bb:1",
        };
        var rounds = PositiveInt("--rounds", 10, "Rounds per phase (the issue asks for at least 10).");
        var period = PositiveInt("--period", 3, "The watcher's DUPSTREAM_PERIOD in seconds.");
        var gap = NonNegativeDouble("--gap", 10, "Seconds of quiet between rounds (longer than the watcher's after-change polling).");
        var settle = NonNegativeDouble("--idle-settle", 15, "Seconds of quiet before the idle window.");
        var idle = NonNegativeDouble("--idle", 60, "Seconds of the idle window (0 skips it).");
        var timeout = PositiveInt("--round-timeout", 60, "Seconds one appear or remove may take before it counts as timed out.");
        var portBase = PositiveInt("--port-base", 18300, "First host port tried for the services.");
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for latency.md and the watcher logs.",
            DefaultValueFactory = _ => new DirectoryInfo("bench/out"),
        };

        var root = new RootCommand(
            "Measures how fast dupstream reports a service appearing and disappearing, with and without an "
            + "unresponsive target listed first, and how many engine requests it makes when nothing changes.")
        {
            dockerHost, watcher, image, rounds, period, gap, settle, idle, timeout, portBase, output,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new BenchSettings
            {
                EngineSocket = parse.GetValue(dockerHost)!["unix://".Length..],
                WatcherDll = parse.GetValue(watcher)!.FullName,
                Image = parse.GetValue(image)!,
                Rounds = parse.GetValue(rounds),
                Period = TimeSpan.FromSeconds(parse.GetValue(period)),
                Gap = TimeSpan.FromSeconds(parse.GetValue(gap)),
                IdleSettle = TimeSpan.FromSeconds(parse.GetValue(settle)),
                IdleWindow = TimeSpan.FromSeconds(parse.GetValue(idle)),
                RoundTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                PortBase = parse.GetValue(portBase),
                OutputDirectory = parse.GetValue(output)!.FullName,
            };
            return await BenchRun.RunAsync(settings, TimeProvider.System, Console.Out, cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    private static Option<int> PositiveInt(string name, int defaultValue, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError($"{name} must be at least 1.");
            }
        });
        return option;
    }

    private static Option<double> NonNegativeDouble(string name, double defaultValue, string description)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0 or double.NaN)
            {
                r.AddError($"{name} must be zero or more seconds.");
            }
        });
        return option;
    }
}

using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Commands;
using Dupstream.Nginx.Flavours.Nginx.Activation;
using Dupstream.Nginx.Flavours.Nginx.Guard;
using Dupstream.Nginx.Rendering;
using Dupstream.Nginx.Tests.Support;
using Dupstream.Nginx.Validation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dupstream.Nginx.Tests.Applying;

/// <summary>A real applier on a temp directory with real shell commands; reloads are counted in a file.</summary>
internal sealed class ApplierHarness : IDisposable
{
    public ApplierHarness(JsonObject? overrides = null, TimeProvider? time = null)
    {
        var settings = new JsonObject { ["reload_nginx_command"] = $"echo reload >> {Dir.File("reloads.txt")}" };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value?.DeepClone();
        }

        Config = TestConfigs.Load(Dir, settings);
        var commands = new ShellCommandRunner(TimeProvider.System);
        Applier = new ConfigApplier(Config, commands, new ReloadActivation(Config.Commands, Config.Limits, commands), new NginxServerLines(), NullLogger<ConfigApplier>.Instance, time ?? TimeProvider.System);
    }

    public TempDirectory Dir { get; } = new();

    public ReceiverConfig Config { get; }

    public ConfigApplier Applier { get; }

    public int Reloads => File.Exists(Dir.File("reloads.txt")) ? File.ReadAllLines(Dir.File("reloads.txt")).Length : 0;

    public RenderedConfig Render(SwarmSnapshot snapshot) => UpstreamRenderer.Render(SnapshotValidator.Validate(snapshot, Config), Config);

    public Task<ApplyOutcome> ApplyAsync(SwarmSnapshot snapshot) => Applier.ApplyAsync(Render(snapshot), CancellationToken.None);

    /// <summary>Every file in the directory with its bytes (config.json and the reload counter excluded).</summary>
    public Dictionary<string, string> Files() => Dir.FileNames()
        .Where(n => n is not "config.json" and not "reloads.txt")
        .ToDictionary(n => n, n => Convert.ToHexString(File.ReadAllBytes(Dir.File(n))));

    public void Dispose() => Dir.Dispose();
}

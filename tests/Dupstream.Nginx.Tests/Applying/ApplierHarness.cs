using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Core.Applying;
using Dupstream.Nginx.Core.Commands;
using Dupstream.Nginx.Core.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Activation;
using Dupstream.Nginx.Flavours.Nginx.Guard;
using Dupstream.Nginx.Flavours.Nginx.Lua.Activation;
using Dupstream.Nginx.Flavours.Nginx.Lua.Control;
using Dupstream.Nginx.Flavours.Nginx.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Validation;
using Dupstream.Nginx.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dupstream.Nginx.Tests.Applying;

/// <summary>
/// A real applier on a temp directory with real shell commands; reloads are counted in a file. In apply_mode "lua"
/// its activation is the real Lua one, talking to the given control (a fake: no nginx here).
/// </summary>
internal sealed class ApplierHarness : IDisposable
{
    public ApplierHarness(JsonObject? overrides = null, TimeProvider? time = null, IPeersControl? control = null)
    {
        var settings = new JsonObject { ["reload_nginx_command"] = $"echo reload >> {Dir.File("reloads.txt")}" };
        foreach (var (key, value) in overrides ?? [])
        {
            // "{dir}" in a command stands for the harness's directory (the commands run in the test's working directory).
            settings[key] = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>().Replace("{dir}", Dir.Path, StringComparison.Ordinal) : value?.DeepClone();
        }

        Config = TestConfigs.Load(Dir, settings);
        var commands = new ShellCommandRunner(TimeProvider.System);
        var reload = new ReloadActivation(Config.Commands, Config.Limits, commands);
        IActivation activation = Config.Apply.Mode == ApplyMode.Lua ? new LuaActivation(reload, control ?? new FakePeersControl(), Config.Apply, Config.Limits, TimeProvider.System) : reload;
        Applier = new ConfigApplier(Config, commands, activation, new NginxServerLines(), NullLogger<ConfigApplier>.Instance, time ?? TimeProvider.System);
    }

    public TempDirectory Dir { get; } = new();

    public ReceiverConfig Config { get; }

    public ConfigApplier Applier { get; }

    public int Reloads => File.Exists(Dir.File("reloads.txt")) ? File.ReadAllLines(Dir.File("reloads.txt")).Length : 0;

    public RenderedConfig Render(SwarmSnapshot snapshot) => UpstreamRenderer.Render(SnapshotValidator.Validate(snapshot, Config), Config);

    public Task<ApplyOutcome> ApplyAsync(SwarmSnapshot snapshot) => Applier.ApplyAsync(Render(snapshot), CancellationToken.None);

    /// <summary>How often the nginx test command ran, when a test made it count (<c>echo test &gt;&gt; tests.txt</c>).</summary>
    public int Tests => File.Exists(Dir.File("tests.txt")) ? File.ReadAllLines(Dir.File("tests.txt")).Length : 0;

    /// <summary>Every file in the directory with its bytes (config.json and the reload and test counters excluded).</summary>
    public Dictionary<string, string> Files() => Dir.FileNames()
        .Where(n => n is not "config.json" and not "reloads.txt" and not "tests.txt")
        .ToDictionary(n => n, n => Convert.ToHexString(File.ReadAllBytes(Dir.File(n))));

    public void Dispose() => Dir.Dispose();
}

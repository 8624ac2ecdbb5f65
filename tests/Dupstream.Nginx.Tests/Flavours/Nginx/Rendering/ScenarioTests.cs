using Dupstream.Contracts;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Flavours.Nginx.Rendering;
using Dupstream.Nginx.Flavours.Nginx.Validation;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Rendering;

/// <summary>
/// Golden scenarios: Scenarios/NAME/{snapshot.json, config.json, hosts.input?} must render exactly
/// expected/* (each upstream file by its file name, "hosts" for the hosts file after the section is
/// replaced, "rejected.txt" for what was left out and why).
/// </summary>
public sealed class ScenarioTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Flavours", "Nginx", "Rendering", "Scenarios");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Fact]
    public void EveryScenarioIsFound() => Assert.True(Names().Count >= 15, $"only {Names().Count} scenarios under {Root}");

    [Theory]
    [MemberData(nameof(Names))]
    public void ScenarioRendersExactlyTheExpectedFiles(string name)
    {
        var scenario = Path.Combine(Root, name);
        var expectedDir = Path.Combine(scenario, "expected");
        using var work = new TempDirectory();
        var config = ReceiverConfigLoader.Load(Path.Combine(scenario, "config.json"), _ => null, insecure: false, work.Path);
        var snapshot = SnapshotJson.Deserialize(File.ReadAllBytes(Path.Combine(scenario, "snapshot.json")));

        var validated = SnapshotValidator.Validate(snapshot, config);
        var rendered = UpstreamRenderer.Render(validated, config);

        var expectedFiles = Directory.GetFiles(expectedDir).Select(Path.GetFileName).OfType<string>().Where(f => f is not "hosts" and not "rejected.txt").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedFiles, rendered.Files.Select(f => Path.GetFileName(f.Path)).Order(StringComparer.Ordinal).ToList());
        foreach (var file in rendered.Files)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(expectedDir, Path.GetFileName(file.Path))), file.Content);
        }

        var expectedHosts = Path.Combine(expectedDir, "hosts");
        if (File.Exists(expectedHosts))
        {
            var input = Path.Combine(scenario, "hosts.input");
            var existing = File.Exists(input) ? File.ReadAllText(input) : "";
            Assert.NotNull(rendered.HostsSection);
            Assert.Equal(File.ReadAllText(expectedHosts), HostsFileEditor.Replace(existing, rendered.HostsSection));
        }
        else
        {
            Assert.Null(rendered.HostsSection);
        }

        var rejected = validated.RejectedServices.Select(r => $"service {r.Subject}: {r.Reason}")
            .Concat(validated.RejectedNodes.Select(r => $"node {r.Subject}: {r.Reason}"))
            .ToList();
        var expectedRejected = File.ReadAllLines(Path.Combine(expectedDir, "rejected.txt")).Where(l => l.Length > 0).ToList();
        Assert.Equal(expectedRejected, rejected);
    }
}

using System.Text.Json.Nodes;
using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Applying;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigApplierTests
{
    private const string UserHosts = "127.0.0.1\tlocalhost\n# <HOST-CONFIG>\n10.9.9.9\tgone\n# </HOST-CONFIG>\n10.1.1.1 db\n";

    [Fact]
    public async Task AppliesThenAnswersUnchangedWithoutReloading()
    {
        using var h = new ApplierHarness();
        File.WriteAllText(h.Dir.File("hosts"), UserHosts);

        var first = await h.ApplyAsync(Snapshots.Web(8080));
        Assert.Equal(ApplyResult.Applied, first.Result);
        Assert.True(first.Reloaded);
        Assert.Equal([h.Dir.File("default.conf"), h.Dir.File("global.conf"), h.Dir.File("hosts")], first.ChangedFiles.Order(StringComparer.Ordinal));
        Assert.Equal("upstream web {\n\tserver\tnode-1:8080;\n}\n\n", File.ReadAllText(h.Dir.File("default.conf")));
        Assert.Equal("", File.ReadAllText(h.Dir.File("global.conf")));
        Assert.Equal("127.0.0.1\tlocalhost\n10.1.1.1 db\n# <HOST-CONFIG>\n10.0.0.1\tnode-1\n# </HOST-CONFIG>\n", File.ReadAllText(h.Dir.File("hosts")));
        Assert.Equal(1, h.Reloads);

        var second = await h.ApplyAsync(Snapshots.Web(8080));
        Assert.Equal(ApplyResult.Unchanged, second.Result);
        Assert.False(second.Reloaded);
        Assert.Equal(1, h.Reloads);
        Assert.Equal(["default.conf", "global.conf", "hosts"], h.Dir.FileNames().Where(n => n is not "config.json" and not "reloads.txt"));
    }

    [Fact]
    public async Task TheTestCommandSeesTheNewFiles()
    {
        using var h = new ApplierHarness(new JsonObject());
        var testing = new ApplierHarness(new JsonObject { ["nginx_test_command"] = $"grep -q ':9999;' {h.Dir.File("default.conf")}" });
        using (testing)
        {
            // The test command of "testing" looks at h's file, which only gets 9999 below.
            Assert.Equal(ApplyResult.TestFailed, (await testing.ApplyAsync(Snapshots.Web(1))).Result);
            await h.ApplyAsync(Snapshots.Web(9999));
            Assert.Equal(ApplyResult.Applied, (await testing.ApplyAsync(Snapshots.Web(1))).Result);
        }
    }

    [Theory]
    [InlineData("nginx_test_command", "TestFailed")]
    [InlineData("reload_nginx_command", "ReloadFailed")]
    public async Task AFailedCommandRestoresEveryFileExactly(string failingKey, string expected)
    {
        using var h = new ApplierHarness(new JsonObject { [failingKey] = "echo 'nginx: [emerg] bad thing' >&2; exit 1" });
        File.WriteAllText(h.Dir.File("hosts"), UserHosts);
        File.WriteAllText(h.Dir.File("default.conf"), "upstream old {\n\tserver\told:1;\n}\n\n");
        File.SetUnixFileMode(h.Dir.File("hosts"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var before = h.Files();
        Assert.DoesNotContain("global.conf", before.Keys);

        var outcome = await h.ApplyAsync(Snapshots.Web(8080));

        Assert.Equal(expected, outcome.Result.ToString());
        Assert.Equal("nginx: [emerg] bad thing", outcome.CommandOutput);
        Assert.Contains("nginx: [emerg] bad thing", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.ChangedFiles);
        Assert.Equal(before, h.Files());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(h.Dir.File("hosts")));
        Assert.Equal(0, h.Reloads);
    }

    [Fact]
    public async Task WithoutReloadFilesAreWrittenButNothingIsReloaded()
    {
        using var h = new ApplierHarness(new JsonObject { ["reload_nginx_config"] = false });
        var outcome = await h.ApplyAsync(Snapshots.Web(8080));
        Assert.Equal(ApplyResult.Applied, outcome.Result);
        Assert.False(outcome.Reloaded);
        Assert.Equal(0, h.Reloads);
        Assert.True(File.Exists(h.Dir.File("default.conf")));
    }

    [Fact]
    public async Task IpModeLeavesTheHostsFileAlone()
    {
        using var h = new ApplierHarness(new JsonObject { ["server_address"] = "ip" });
        File.WriteAllText(h.Dir.File("hosts"), UserHosts);
        var outcome = await h.ApplyAsync(Snapshots.Web(8080));
        Assert.Equal(ApplyResult.Applied, outcome.Result);
        Assert.Equal(UserHosts, File.ReadAllText(h.Dir.File("hosts")));
        Assert.Equal("upstream web {\n\tserver\t10.0.0.1:8080;\n}\n\n", File.ReadAllText(h.Dir.File("default.conf")));
    }

    [Fact]
    public async Task AHangingTestCommandIsKilledAndCountsAsFailed()
    {
        using var h = new ApplierHarness(new JsonObject { ["nginx_test_command"] = "sleep 60", ["command_timeout_seconds"] = 1 });
        var outcome = await h.ApplyAsync(Snapshots.Web(8080));
        Assert.Equal(ApplyResult.TestFailed, outcome.Result);
        Assert.Contains("timed out", outcome.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(h.Dir.File("default.conf")));
    }
}

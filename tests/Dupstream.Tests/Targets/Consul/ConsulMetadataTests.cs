using Dupstream.Targets.Consul;

namespace Dupstream.Tests.Targets.Consul;

public class ConsulMetadataTests
{
    private static readonly Dictionary<string, string> Fixed = new() { ["dupstream-managed"] = "true" };

    [Fact]
    public void Label_keys_become_valid_meta_keys()
    {
        var (meta, dropped) = ConsulMetadata.FromLabels(new Dictionary<string, string> { ["com.docker.stack.namespace"] = "shop", ["team-name_1"] = "ops" }, Fixed);

        Assert.Empty(dropped);
        Assert.Equal(new Dictionary<string, string> { ["com_docker_stack_namespace"] = "shop", ["dupstream-managed"] = "true", ["team-name_1"] = "ops" }, meta);
    }

    [Fact]
    public void What_consul_would_refuse_is_dropped_with_a_reason()
    {
        var labels = new Dictionary<string, string>
        {
            ["consul-owned"] = "x",
            [new string('k', 129)] = "x",
            ["big"] = new string('v', 513),
            ["dupstream-managed"] = "false",
            ["a.b"] = "first",
            ["a_b"] = "second",
        };

        var (meta, dropped) = ConsulMetadata.FromLabels(labels, Fixed);

        Assert.Equal(new Dictionary<string, string> { ["a_b"] = "first", ["dupstream-managed"] = "true" }, meta);
        Assert.Equal(5, dropped.Count);
        Assert.Contains(dropped, d => d.Label == "consul-owned" && d.Reason.Contains("reserved", StringComparison.Ordinal));
        Assert.Contains(dropped, d => d.Label.Length == 129 && d.Reason.Contains("128", StringComparison.Ordinal));
        Assert.Contains(dropped, d => d.Label == "big" && d.Reason.Contains("512", StringComparison.Ordinal));
        Assert.Contains(dropped, d => d.Label == "dupstream-managed" && d.Reason.Contains("dupstream's own", StringComparison.Ordinal));
        Assert.Contains(dropped, d => d.Label == "a_b" && d.Reason.Contains("already became", StringComparison.Ordinal));
    }

    [Fact]
    public void At_most_64_pairs_are_kept()
    {
        var labels = Enumerable.Range(0, 70).ToDictionary(i => $"l{i:D2}", i => "v");

        var (meta, dropped) = ConsulMetadata.FromLabels(labels, Fixed);

        Assert.Equal(64, meta.Count);
        Assert.Equal(7, dropped.Count);
        Assert.Equal("l63", dropped[0].Label);
    }
}

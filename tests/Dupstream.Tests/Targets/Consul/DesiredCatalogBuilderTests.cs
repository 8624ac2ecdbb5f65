using Dupstream.Contracts;
using Dupstream.Targets.Consul;

namespace Dupstream.Tests.Targets.Consul;

public class DesiredCatalogBuilderTests
{
    private static SwarmSnapshot Snapshot(IReadOnlyList<SnapshotNode> nodes, params SnapshotService[] services) =>
        new() { Nodes = nodes, Services = services };

    private static SnapshotNode Node(string id, string name, string ip = "10.231.0.1") => new() { Id = id, Name = name, Ip = ip };

    private static SnapshotService Service(string name, Dictionary<string, string>? labels = null, params (int Published, int Target)[] ports) => new()
    {
        Name = name,
        Ports = ports.Select(p => new SnapshotPort { PublishedPort = p.Published, TargetPort = p.Target }).ToList(),
        Nodes = ["n1"],
        Labels = labels ?? [],
    };

    [Fact]
    public void The_port_label_chooses_the_published_port_like_the_receiver()
    {
        var desired = DesiredCatalogBuilder.Build(Snapshot([Node("n1", "a")], Service("api", new() { ["dupstream.port"] = "9000" }, (8080, 80), (9090, 9000))));

        var instance = Assert.Single(desired.Instances);
        Assert.Equal(9090, instance.Port);
        Assert.Equal("dupstream-api-9090", instance.Id);
    }

    [Theory]
    [InlineData("x", "is not a port number")]
    [InlineData("443", "does not publish")]
    public void A_bad_port_label_leaves_the_service_out_with_a_notice(string label, string reason)
    {
        var desired = DesiredCatalogBuilder.Build(Snapshot([Node("n1", "a")], Service("api", new() { ["dupstream.port"] = label }, (8080, 80))));

        Assert.Empty(desired.Instances);
        Assert.Contains(reason, Assert.Single(desired.Notices).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignored_services_are_left_out_quietly()
    {
        var desired = DesiredCatalogBuilder.Build(Snapshot([Node("n1", "a")], Service("api", new() { ["dupstream.ignore"] = "" }, (8080, 80))));

        Assert.Empty(desired.Instances);
        Assert.Empty(desired.Notices);
    }

    [Fact]
    public void Two_swarm_services_with_the_same_consul_name_keep_the_first_in_name_order()
    {
        var desired = DesiredCatalogBuilder.Build(Snapshot([Node("n1", "a")], Service("web_a", null, (8081, 80)), Service("web-a", null, (8080, 80))));

        Assert.Equal("web-a", Assert.Single(desired.Instances).Meta["dupstream-swarm-service"]);
        Assert.Contains("already used by service 'web-a'", Assert.Single(desired.Notices).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_without_a_usable_address_or_with_a_taken_hostname_are_left_out()
    {
        var desired = DesiredCatalogBuilder.Build(Snapshot([Node("n1", "a"), Node("n2", "a", "10.231.0.2"), Node("n3", "b", "0.0.0.0")]));

        Assert.Equal(["a"], desired.Nodes.Select(node => node.Name));
        Assert.Equal(2, desired.Notices.Count);
    }
}

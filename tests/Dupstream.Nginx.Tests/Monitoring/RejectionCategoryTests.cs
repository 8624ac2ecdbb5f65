using Dupstream.Contracts;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Flavours.Nginx.Validation;
using Dupstream.Nginx.Monitoring;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Monitoring;

/// <summary>The metrics label for a left-out service or node: a fixed category, never the user's text.</summary>
public sealed class RejectionCategoryTests
{
    private static readonly string Scenarios = Path.Combine(AppContext.BaseDirectory, "Flavours", "Nginx", "Rendering", "Scenarios");

    [Fact]
    public void Every_rejection_in_the_golden_scenarios_has_a_known_category()
    {
        var categories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in Directory.GetDirectories(Scenarios))
        {
            using var work = new TempDirectory();
            var config = ReceiverConfigLoader.Load(Path.Combine(scenario, "config.json"), _ => null, insecure: false, work.Path);
            var validated = SnapshotValidator.Validate(SnapshotJson.Deserialize(File.ReadAllBytes(Path.Combine(scenario, "snapshot.json"))), config);
            foreach (var rejection in validated.RejectedServices.Concat(validated.RejectedNodes))
            {
                var category = RejectionCategory.Of(rejection.Reason);
                Assert.True(category != RejectionCategory.Other, $"{Path.GetFileName(scenario)}: no category for '{rejection.Reason}'");
                categories.Add(category);
            }
        }

        Assert.Superset(new HashSet<string> { "invalid_name", "file_label", "prefix_label", "suffix_label", "invalid_ip", "invalid_host_name" }, categories);
    }

    [Theory]
    [InlineData("duplicate service Name (nginx compares upstream names without case; 'web' came first); nginx would refuse a second upstream of the same name.", "duplicate_name")]
    [InlineData("labels dupstream.upstream.prefix and dupstream.upstream.suffix: directive 'keepalive' is given twice in the block (prefix and suffix together); nginx refuses or ignores a repeated one.", "directive_conflict")]
    [InlineData("is null, not a node object.", "null_element")]
    [InlineData("label 'other' is null, not a string.", "null_element")]
    [InlineData("label dupstream.port 'x' is not a port number.", "port_label")]
    [InlineData("label dupstream.port names TargetPort 81, which the service does not publish.", "port_label")]
    [InlineData("PublishedPort 0 is not a port number.", "published_port")]
    [InlineData("node Id is empty.", "empty_node_id")]
    [InlineData("duplicate node Id; the first one is used.", "duplicate_node_id")]
    [InlineData("something new", "other")]
    public void Reasons_map_to_their_category(string reason, string category) =>
        Assert.Equal(category, RejectionCategory.Of(reason));

    [Fact]
    public void A_duplicate_service_from_the_validator_is_a_duplicate_name()
    {
        using var work = new TempDirectory();
        var config = TestConfigs.Load(work, []);
        var snapshot = new SwarmSnapshot
        {
            Nodes = [Snapshots.Node("n1", "node-1", "10.0.0.1")],
            Services = [Snapshots.Service("web", 8080, ["n1"]), Snapshots.Service("web", 8081, ["n1"])],
        };

        var rejection = Assert.Single(SnapshotValidator.Validate(snapshot, config).RejectedServices);

        Assert.Equal("duplicate_name", RejectionCategory.Of(rejection.Reason));
    }
}

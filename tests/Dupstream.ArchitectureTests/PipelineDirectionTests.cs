using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Dupstream.ArchitectureTests;

/// <summary>
/// The watcher's pipeline (engine, watching, snapshots, delivery) reports to observers it owns; monitoring and
/// hosting depend on it, never the other way.
/// </summary>
public class PipelineDirectionTests
{
    [Theory]
    [InlineData("Dupstream.Docker")]
    [InlineData("Dupstream.Watching")]
    [InlineData("Dupstream.Snapshots")]
    [InlineData("Dupstream.Delivery")]
    [InlineData("Dupstream.Retrying")]
    public void The_pipeline_knows_neither_monitoring_nor_hosting(string pipelineNamespace)
    {
        var rule = Types().That().ResideInNamespaceMatching($@"^{pipelineNamespace.Replace(".", @"\.", StringComparison.Ordinal)}(\..*)?$")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^Dupstream\.(Monitoring|Hosting)(\..*)?$"));
        RuleAssert.Holds(rule, Assemblies.Of("watcher"));
    }

    [Fact]
    public void Monitoring_does_not_reach_into_hosting()
    {
        var rule = Types().That().ResideInNamespaceMatching(@"^Dupstream\.Monitoring(\..*)?$")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^Dupstream\.Hosting(\..*)?$"));
        RuleAssert.Holds(rule, Assemblies.Of("watcher"));
    }

    [Fact]
    public void The_direction_rule_finds_a_dependency_where_there_is_one()
    {
        // Hosting wires monitoring in, so the same rule written for hosting must fail.
        var rule = Types().That().ResideInNamespaceMatching(@"^Dupstream\.Hosting(\..*)?$")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^Dupstream\.Monitoring(\..*)?$"));
        Assert.False(rule.HasNoViolations(Assemblies.Of("watcher")));
    }
}

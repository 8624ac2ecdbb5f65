namespace Dupstream.ArchitectureTests;

/// <summary>
/// Within each assembly the top-level folders (namespaces) depend on each other one way only: the pipeline does
/// not know who watches it, configuration does not know who reads it, and so on.
/// </summary>
public class NamespaceCycleTests
{
    [Theory]
    [InlineData("watcher", "Dupstream")]
    [InlineData("common", "Dupstream.Common")]
    [InlineData("contracts", "Dupstream.Contracts")]
    [InlineData("receiver", "Dupstream.Nginx")]
    public void The_namespaces_of_an_assembly_have_no_cycles(string assembly, string prefix)
    {
        var graph = new NamespaceGraph(Assemblies.Of(assembly), prefix);
        Assert.True(graph.Cycles().Count == 0, $"Cycles: {string.Join("; ", graph.Cycles())}\n{graph.Explain()}");
    }

    [Fact]
    public void A_cycle_is_found_when_there_is_one()
    {
        // The detector itself, on a graph that has one: an empty answer there would be a bug in the detector.
        Assert.Equal(["Cycle.A, Cycle.B"], NamespaceGraph.Of(new Dictionary<string, string[]>
        {
            ["Cycle.A"] = ["Cycle.B"],
            ["Cycle.B"] = ["Cycle.A", "OneWay"],
            ["OneWay"] = [],
        }).Cycles());
    }
}

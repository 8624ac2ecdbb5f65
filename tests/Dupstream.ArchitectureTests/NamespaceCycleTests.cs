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
    public void The_namespaces_of_an_assembly_have_no_cycles(string assembly, string prefix)
    {
        var graph = new NamespaceGraph(Assemblies.Of(assembly), prefix);
        Assert.True(graph.Cycles().Count == 0, $"Cycles: {string.Join("; ", graph.Cycles())}\n{graph.Explain()}");
    }

    [Fact]
    public void The_receiver_has_no_cycle_but_the_one_the_core_split_removes()
    {
        // Known, and the only one allowed: the config loader checks names and directive lists with the snapshot
        // validator's rules, and the validator reads the loaded config. Splitting the receiver into a core and an
        // nginx flavour (issue 12, step 4) moves those rules out; then this list becomes empty.
        var graph = new NamespaceGraph(Assemblies.Of("receiver"), "Dupstream.Nginx");
        Assert.True(graph.Cycles() is ["Configuration, Validation"], $"Cycles: {string.Join("; ", graph.Cycles())}\n{graph.Explain()}");
    }

    [Fact]
    public void A_cycle_is_found_when_there_is_one()
    {
        // The detector itself: the receiver before the split does have one, so an empty answer there would be a bug.
        Assert.NotEmpty(new NamespaceGraph(Assemblies.Of("receiver"), "Dupstream.Nginx").Cycles());
    }
}

namespace Dupstream.ArchitectureTests;

/// <summary>Which assembly may reference which: the payload depends on nothing, the programs not on each other.</summary>
public class AssemblyReferenceTests
{
    [Fact]
    public void Contracts_depend_on_nothing_beyond_the_base_class_library()
    {
        var beyond = Assemblies.ReferencedNames(Assemblies.Contracts).Where(name => !IsBaseClassLibrary(name)).ToList();
        Assert.True(beyond.Count == 0, "Dupstream.Contracts references " + string.Join(", ", beyond));
    }

    [Fact]
    public void The_two_programs_never_reference_each_other()
    {
        Assert.DoesNotContain(Assemblies.Receiver.GetName().Name, Assemblies.ReferencedNames(Assemblies.Watcher));
        Assert.DoesNotContain(Assemblies.Watcher.GetName().Name, Assemblies.ReferencedNames(Assemblies.Receiver));
    }

    [Fact]
    public void The_common_library_references_neither_program()
    {
        var references = Assemblies.ReferencedNames(Assemblies.Common);
        Assert.DoesNotContain(Assemblies.Watcher.GetName().Name, references);
        Assert.DoesNotContain(Assemblies.Receiver.GetName().Name, references);
        Assert.All(references, name => Assert.False(name.StartsWith("Docker.", StringComparison.Ordinal), $"Dupstream.Common references {name}"));
    }

    [Fact]
    public void Both_programs_use_the_common_library()
    {
        Assert.Contains(Assemblies.Common.GetName().Name, Assemblies.ReferencedNames(Assemblies.Watcher));
        Assert.Contains(Assemblies.Common.GetName().Name, Assemblies.ReferencedNames(Assemblies.Receiver));
    }

    private static bool IsBaseClassLibrary(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal) || name == "System";
}

namespace Dupstream.IntegrationTests.Lab;

/// <summary>All tests that need the real swarm share one lab per run (starting one costs seconds).</summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xunit's convention: a collection definition is named after its collection.")]
public sealed class SwarmCollection : ICollectionFixture<SwarmLab>
{
    public const string Name = "swarm";
}

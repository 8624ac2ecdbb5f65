using Dupstream.Docker;

namespace Dupstream.Tests.Docker;

public class ListingMemoryTests
{
    [Fact]
    public void Collects_once_the_listings_since_the_last_collection_reach_the_threshold()
    {
        var collections = 0;
        var memory = new ListingMemory(1000, () => collections++);

        memory.Read(600);
        Assert.False(memory.Release());
        memory.Read(400);
        Assert.True(memory.Release());
        Assert.False(memory.Release());

        Assert.Equal(1, collections);
        Assert.Equal(0, memory.Pending);
    }
}

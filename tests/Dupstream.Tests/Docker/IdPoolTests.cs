using System.Text;
using Dupstream.Docker;

namespace Dupstream.Tests.Docker;

public class IdPoolTests
{
    private const string Listing = """[{"ID":"t1","ServiceID":"s1","NodeID":"n1","DesiredState":"running","Status":{"State":"running"}},{"ID":"t2","ServiceID":"s1","NodeID":"n\u0032"}]""";

    private static async Task<List<EngineTask>> ReadAsync(IdPool pool, string json = Listing)
    {
        var tasks = await JsonArrayStream.ReadAsync<EngineTask>(new MemoryStream(Encoding.UTF8.GetBytes(json)), new TaskJsonReader(pool).TryRead, CancellationToken.None);
        pool.EndListing();
        return tasks;
    }

    [Fact]
    public async Task A_second_listing_reuses_the_id_strings_of_the_first()
    {
        var pool = new IdPool();

        var first = await ReadAsync(pool);
        var second = await ReadAsync(pool);

        Assert.Equal(first, second);
        Assert.Same(first[0].Id, second[0].Id);
        Assert.Same(first[0].ServiceId, second[1].ServiceId);
        Assert.Equal("n2", second[1].NodeId);
    }

    [Fact]
    public async Task Ids_no_recent_listing_had_are_dropped()
    {
        var pool = new IdPool();
        await ReadAsync(pool);
        Assert.Equal(4, pool.Count);

        for (var i = 0; i <= IdPool.KeepListings; i++)
        {
            await ReadAsync(pool, """[{"ID":"t9","ServiceID":"s1","NodeID":"n1"}]""");
        }

        Assert.Equal(3, pool.Count);
        Assert.Equal(new EngineTask("t1", "s1", "n1", "running", "running"), (await ReadAsync(pool))[0]);
    }
}

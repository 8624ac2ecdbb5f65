namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua;

/// <summary>The balancing methods of the labels, as the Lua balancer does them (one worker: per-worker state is exact).</summary>
[Collection(LuaNginxGroup.Name)]
public sealed class LuaBalancingTests(LuaNginx nginx)
{
    private Task UseAsync(string upstream, params int[] ports) =>
        nginx.ApplyAsync(ContractPeersText.Render(new Dictionary<string, IReadOnlyList<int>> { [upstream] = ports }));

    private async Task<Dictionary<int, int>> SpreadAsync(string upstream, int requests, string rest = "")
    {
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < requests; i++)
        {
            var port = await nginx.PeerAsync(upstream, rest);
            counts[port] = counts.GetValueOrDefault(port) + 1;
        }

        return counts;
    }

    [Fact]
    public async Task Round_robin_spreads_evenly_over_every_peer()
    {
        var peers = nginx.Backends[..4];
        await UseAsync("nokeep", peers);

        var counts = await SpreadAsync("nokeep", 40);

        Assert.Equal(peers.Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.Equal(10, count));
    }

    [Fact]
    public async Task Random_reaches_several_peers_and_only_listed_ones()
    {
        var peers = nginx.Backends[..4];
        await UseAsync("rnd", peers);

        var counts = await SpreadAsync("rnd", 40);

        Assert.Subset(peers.ToHashSet(), counts.Keys.ToHashSet());
        Assert.True(counts.Count >= 2, $"40 random picks all went to {string.Join(',', counts.Keys)}");
    }

    [Theory]
    [InlineData("lc")]
    [InlineData("rnd2")]
    [InlineData("nokeep")]
    public async Task Least_conn_and_random_two_avoid_the_peer_with_a_request_in_flight(string upstream)
    {
        var peers = nginx.Backends[..2];
        await UseAsync(upstream, peers);
        await nginx.BackendTestAsync("reset");

        var held = nginx.PeerAsync(upstream, "hold");
        try
        {
            var busy = int.Parse(
                await Eventually.UntilAsync(async () => await nginx.BackendTestAsync("held") is { Length: > 0 } port ? port : null, "the held request to reach a backend"),
                System.Globalization.CultureInfo.InvariantCulture);

            var counts = await SpreadAsync(upstream, 10);

            if (upstream == "nokeep")
            {
                // The control: round robin does not look at requests in flight.
                Assert.Equal(5, counts.GetValueOrDefault(busy));
            }
            else
            {
                Assert.Equal(new Dictionary<int, int> { [peers.Single(p => p != busy)] = 10 }, counts);
            }
        }
        finally
        {
            await nginx.BackendTestAsync("release");
            await held;
        }

        // The held request's count was released at its end: both peers are even again.
        var after = await SpreadAsync(upstream, 10);
        Assert.Equal(peers.Order(), after.Keys.Order());
    }

    [Fact]
    public async Task Hash_sends_a_key_to_the_same_peer_every_time_and_spreads_keys()
    {
        await UseAsync("hash", nginx.Backends[..4]);

        var first = new Dictionary<string, int>();
        for (var key = 0; key < 40; key++)
        {
            first[$"k{key}"] = await nginx.PeerAsync("hash", $"?key=k{key}");
        }

        for (var key = 0; key < 40; key++)
        {
            Assert.Equal(first[$"k{key}"], await nginx.PeerAsync("hash", $"?key=k{key}"));
        }

        Assert.True(first.Values.Distinct().Count() >= 3, "40 keys reached fewer than 3 of 4 peers");
    }

    [Fact]
    public async Task Consistent_hash_moves_only_the_keys_of_an_added_peer()
    {
        const int Keys = 200;
        await UseAsync("chash", nginx.Backends[..4]);
        var before = new int[Keys];
        for (var key = 0; key < Keys; key++)
        {
            before[key] = await nginx.PeerAsync("chash", $"?key=user-{key}");
        }

        await UseAsync("chash", nginx.Backends[..5]);
        var moved = new List<int>();
        for (var key = 0; key < Keys; key++)
        {
            var now = await nginx.PeerAsync("chash", $"?key=user-{key}");
            if (now != before[key])
            {
                moved.Add(now);
            }
        }

        // Every moved key went to the new peer, and about 1/5 of them moved (plain modulo would move about 4/5).
        Assert.All(moved, port => Assert.Equal(nginx.Backends[4], port));
        Assert.InRange(moved.Count, Keys / 10, Keys * 3 / 10);
    }

    [Fact]
    public async Task Ip_hash_sends_a_client_network_to_one_peer()
    {
        await UseAsync("iph", nginx.Backends[..4]);

        var counts = await SpreadAsync("iph", 20);

        Assert.Single(counts);
    }

    [Fact]
    public async Task A_dead_peer_is_retried_on_the_next_one_and_the_request_succeeds()
    {
        // Four peers behind one server line: nginx alone would allow one try; every rotation start must reach the live one.
        await UseAsync("dead", nginx.DeadPorts[0], nginx.DeadPorts[1], nginx.DeadPorts[2], nginx.Backends[2]);

        var counts = await SpreadAsync("dead", 8);

        Assert.Equal(new Dictionary<int, int> { [nginx.Backends[2]] = 8 }, counts);
    }

    [Fact]
    public async Task All_peers_dead_an_unknown_upstream_and_an_upstream_without_peers_answer_502()
    {
        await nginx.ApplyAsync(ContractPeersText.Render(new Dictionary<string, IReadOnlyList<int>> { ["dead"] = nginx.DeadPorts, ["empty"] = [] }));

        Assert.Equal(502, (await nginx.GetAsync("dead")).Status);
        Assert.Equal(502, (await nginx.GetAsync("none")).Status);
        Assert.Equal(502, (await nginx.GetAsync("empty")).Status);
    }

    [Fact]
    public async Task Retries_never_fall_back_to_the_server_lines_of_the_loaded_config()
    {
        await UseAsync("wide", nginx.DeadPorts[0]);

        var (status, body) = await nginx.GetAsync("wide");

        Assert.True(status == 502, $"answered {status}: {body}");
    }

    [Fact]
    public async Task Keepalive_after_the_balancer_reuses_backend_connections()
    {
        await nginx.ApplyAsync(ContractPeersText.Render(new Dictionary<string, IReadOnlyList<int>>
        {
            ["web"] = [nginx.Backends[1]],
            ["nokeep"] = [nginx.Backends[1]],
            ["keepfirst"] = [nginx.Backends[1]],
        }));

        async Task<int> ConnectionsAsync(string upstream)
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < 6; i++)
            {
                var (status, body) = await nginx.GetAsync(upstream, "conn");
                Assert.Equal(200, status);
                seen.Add(body);
            }

            return seen.Count;
        }

        Assert.Equal(1, await ConnectionsAsync("web"));
        Assert.Equal(6, await ConnectionsAsync("nokeep"));
        Assert.Equal(6, await ConnectionsAsync("keepfirst"));
    }
}

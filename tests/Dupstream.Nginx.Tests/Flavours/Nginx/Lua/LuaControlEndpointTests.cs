using System.Text;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua;

/// <summary>The control endpoint: a PUT changes the peers in memory with no reload, a bad one changes nothing.</summary>
[Collection(LuaNginxGroup.Name)]
public sealed class LuaControlEndpointTests(LuaNginx nginx)
{
    private static string Text(params (string Name, int[] Ports)[] upstreams) =>
        ContractPeersText.Render(upstreams.ToDictionary(u => u.Name, u => (IReadOnlyList<int>)u.Ports));

    [Fact]
    public async Task A_put_routes_the_very_next_request_to_the_new_set_with_the_same_workers()
    {
        await nginx.ApplyAsync(Text(("web", [nginx.Backends[0]])));
        Assert.Equal(nginx.Backends[0], await nginx.PeerAsync("web"));
        var workers = nginx.WorkerPids();

        await nginx.ApplyAsync(Text(("web", [nginx.Backends[1], nginx.Backends[2]])));
        var after = new[] { await nginx.PeerAsync("web"), await nginx.PeerAsync("web"), await nginx.PeerAsync("web") };

        Assert.All(after, port => Assert.Contains(port, new[] { nginx.Backends[1], nginx.Backends[2] }));
        Assert.Equal(workers.Order(), nginx.WorkerPids().Order());
    }

    [Fact]
    public async Task Upstreams_no_longer_listed_are_removed_and_get_answers_what_memory_holds()
    {
        var both = Text(("web", [nginx.Backends[0]]), ("nokeep", [nginx.Backends[1], nginx.Backends[2]]), ("empty", []));
        await nginx.ApplyAsync(both);
        Assert.Equal(both, await nginx.GetPeersAsync());

        var one = Text(("web", [nginx.Backends[0]]));
        await nginx.ApplyAsync(one);

        Assert.Equal(one, await nginx.GetPeersAsync());
        Assert.Equal(502, (await nginx.GetAsync("nokeep")).Status);
    }

    [Fact]
    public async Task Ipv6_peers_are_accepted_and_kept_as_written()
    {
        var text = ContractPeersText.Render(new Dictionary<string, IReadOnlyList<string>> { ["v6"] = ["[::1]:8080", "[2001:db8::a:1]:443", "[::ffff:10.0.0.1]:80"] });

        await nginx.ApplyAsync(text);

        Assert.Equal(text, await nginx.GetPeersAsync());
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "", "empty body" },
        { "web 127.0.0.1:80\n", "line 1" },
        { "# dupstream-peers 0123456789ABCDEF\nweb 127.0.0.1:80\n", "line 1" },
        { "# dupstream-peers 0123\nweb 127.0.0.1:80\n", "line 1" },
        { "# dupstream-peers 0123456789abcdef\nweb 127.0.0.256:80\n", "bad address" },
        { "# dupstream-peers 0123456789abcdef\nweb backend.local:80\n", "bad address" },
        { "# dupstream-peers 0123456789abcdef\nweb [zz::1]:80\n", "bad address" },
        { "# dupstream-peers 0123456789abcdef\nweb 127.0.0.1:0\n", "bad port" },
        { "# dupstream-peers 0123456789abcdef\nweb 127.0.0.1:65536\n", "bad port" },
        { "# dupstream-peers 0123456789abcdef\nweb 127.0.0.1\n", "bad address" },
        { "# dupstream-peers 0123456789abcdef\nweb 127.0.0.1:80\nweb 127.0.0.1:81\n", "listed twice" },
        { "# dupstream-peers 0123456789abcdef\nweb  127.0.0.1:80\n", "single spaces" },
        { "# dupstream-peers 0123456789abcdef\n\nweb 127.0.0.1:80\n", "line 2" },
        { "# dupstream-peers 0123456789abcdef\nw{b 127.0.0.1:80\n", "bad upstream name" },
        { "# dupstream-peers 0123456789abcdef\r\nweb 127.0.0.1:80\r\n", "carriage return" },
        { "\u0001\u0002garbage\u00ff", "line 1" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_refused_with_its_reason_and_memory_is_unchanged(string body, string reason)
    {
        var good = Text(("web", [nginx.Backends[3]]), ("nokeep", [nginx.Backends[4]]));
        await nginx.ApplyAsync(good);

        var (status, answer) = await nginx.PutPeersAsync(body);

        Assert.Equal(400, status);
        Assert.Contains(reason, answer, StringComparison.Ordinal);
        Assert.EndsWith("\n", answer, StringComparison.Ordinal);
        Assert.Equal(good, await nginx.GetPeersAsync());
        Assert.Equal(nginx.Backends[3], await nginx.PeerAsync("web"));
    }

    [Fact]
    public async Task Clients_on_tcp_ports_of_nginx_cannot_reach_the_endpoint()
    {
        var good = Text(("web", [nginx.Backends[3]]));
        await nginx.ApplyAsync(good);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var evil = Text(("web", [nginx.Backends[4]]));

        foreach (var port in new[] { nginx.HealthPort, nginx.FrontPort, nginx.Backends[0] })
        {
            var uri = new Uri($"http://127.0.0.1:{port}/dupstream/peers");
            using var content = new StringContent(evil, Encoding.ASCII);
            using var put = await client.PutAsync(uri, content);
            using var get = await client.GetAsync(uri);
            Assert.DoesNotContain("# dupstream-peers", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(good, await nginx.GetPeersAsync());
    }

    [Fact]
    public async Task Two_thousand_upstreams_of_ten_peers_fit_the_default_dict_and_body_buffer()
    {
        var peers = Enumerable.Range(0, 2000).ToDictionary(
            u => $"service-{u:D5}_web",
            u => (IReadOnlyList<string>)Enumerable.Range(1, 10).Select(p => $"10.{u >> 8}.{u & 255}.{p}:{30000 + p}").ToList());
        var big = ContractPeersText.Render(peers);

        await nginx.ApplyAsync(big);

        Assert.Equal(big, await nginx.GetPeersAsync());
        await nginx.ApplyAsync(Text(("web", [nginx.Backends[0]])));
        Assert.Equal(nginx.Backends[0], await nginx.PeerAsync("web"));
    }
}

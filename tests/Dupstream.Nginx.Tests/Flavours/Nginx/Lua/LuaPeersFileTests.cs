namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua;

/// <summary>init_by_lua fills nginx's memory from the peers file at start and at every reload, before traffic needs it.</summary>
public sealed class LuaPeersFileTests
{
    [Fact]
    public async Task The_peers_file_is_in_memory_for_the_first_request_after_start_and_after_a_reload()
    {
        var nginx = new LuaNginx();
        var atStart = ContractPeersText.Render(new Dictionary<string, IReadOnlyList<int>> { ["web"] = [nginx.Backends[1], nginx.Backends[2]] });
        nginx.InitialPeers = atStart;
        await nginx.InitializeAsync();
        try
        {
            Assert.Contains(await nginx.PeerAsync("web"), new[] { nginx.Backends[1], nginx.Backends[2] });
            Assert.Equal(atStart, await nginx.GetPeersAsync());

            var atReload = ContractPeersText.Render(new Dictionary<string, IReadOnlyList<int>> { ["web"] = [nginx.Backends[3]] });
            File.WriteAllText(nginx.PeersFile, atReload);
            await nginx.ReloadAsync();

            Assert.Equal(nginx.Backends[3], await nginx.PeerAsync("web"));
            Assert.Equal(atReload, await nginx.GetPeersAsync());
        }
        finally
        {
            await nginx.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_missing_or_bad_peers_file_does_not_stop_nginx_and_a_bad_one_leaves_memory_as_it_was()
    {
        var nginx = new LuaNginx { InitialPeers = null };
        await nginx.InitializeAsync();
        try
        {
            Assert.Equal(502, (await nginx.GetAsync("web")).Status);

            var good = ContractPeersText.Render(new Dictionary<string, IReadOnlyList<int>> { ["web"] = [nginx.Backends[2]] });
            await nginx.ApplyAsync(good);
            File.WriteAllText(nginx.PeersFile, "# dupstream-peers 0123\nweb 127.0.0.1:1\n");
            await nginx.ReloadAsync();

            Assert.Equal(good, await nginx.GetPeersAsync());
            Assert.Equal(nginx.Backends[2], await nginx.PeerAsync("web"));
        }
        finally
        {
            await nginx.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_put_that_does_not_fit_the_dict_is_refused_and_memory_is_put_back()
    {
        var nginx = new LuaNginx { DictSize = "1m" };
        await nginx.InitializeAsync();
        try
        {
            var good = ContractPeersText.Render(new Dictionary<string, IReadOnlyList<int>> { ["web"] = [nginx.Backends[2]], ["nokeep"] = [nginx.Backends[3]] });
            await nginx.ApplyAsync(good);
            var tooBig = ContractPeersText.Render(Enumerable.Range(0, 2000).ToDictionary(
                u => $"service-{u:D5}_web",
                u => (IReadOnlyList<string>)Enumerable.Range(1, 10).Select(p => $"10.{u >> 8}.{u & 255}.{p}:{30000 + p}").ToList()));

            var (status, answer) = await nginx.PutPeersAsync(tooBig);

            Assert.Equal(500, status);
            Assert.Contains("lua_shared_dict_size", answer, StringComparison.Ordinal);
            Assert.Equal(good, await nginx.GetPeersAsync());
            Assert.Equal(nginx.Backends[2], await nginx.PeerAsync("web"));
        }
        finally
        {
            await nginx.DisposeAsync();
        }
    }
}

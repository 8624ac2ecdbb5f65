using Dupstream.Configuration;
using Dupstream.Hosting;
using Dupstream.Targets.Consul;
using Dupstream.Tests.Support;
using Dupstream.Tests.Targets.Consul;
using Microsoft.Extensions.Hosting;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Hosting;

/// <summary>The whole watcher host, configured from DUPSTREAM_SERVICE=consul, against a scripted engine and the Consul double.</summary>
public class WatcherHostConsulTests
{
    [Fact]
    public async Task The_host_keeps_the_consul_catalog_in_step_with_the_engine()
    {
        await using var consul = await FakeConsulServer.StartAsync("host-token");
        var engine = new FakeEngine
        {
            Nodes = [Node("id-a", "a", addr: "10.231.0.1"), Node("id-b", "b", addr: "10.231.0.2")],
            Services = [Service("svc-web", "shop_web", Port(8080, 80))],
            Tasks = [Task("t1", "svc-web", "id-a")],
        };
        var configuration = WatcherConfigurationReader.Read(
            new Dictionary<string, string?>
            {
                ["DUPSTREAM_SERVICE"] = "consul",
                ["DUPSTREAM_PERIOD"] = "0.05",
                ["DUPSTREAM_HTTP_PORT"] = "0",
                ["CONSUL_HTTP_ADDR"] = consul.BaseAddress.ToString(),
                ["CONSUL_HTTP_TOKEN"] = "host-token",
            },
            CommandLineFlags.None);
        Assert.True(configuration.IsValid, string.Join("\n", configuration.Errors));

        using var host = WatcherHost.Build(configuration.Configuration!, configuration.Warnings, engine: engine);
        await host.StartAsync();
        try
        {
            await Eventually.TrueAsync(() => consul.Instances().SequenceEqual(["a/dupstream-shop-web-8080:8080"]), "the running task was registered");

            engine.Tasks = [Task("t2", "svc-web", "id-b")];
            await Eventually.TrueAsync(() => consul.Instances().SequenceEqual(["b/dupstream-shop-web-8080:8080"]), "the moved task was followed");
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.Equal(["a", "b"], consul.Nodes().Select(node => node.Name));
        Assert.All(consul.Requests, request => Assert.Equal("host-token", request.Token));
    }
}

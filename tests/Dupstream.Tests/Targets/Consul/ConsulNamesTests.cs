using Dupstream.Targets.Consul;

namespace Dupstream.Tests.Targets.Consul;

public class ConsulNamesTests
{
    [Theory]
    [InlineData("web", "web")]
    [InlineData("shop_web", "shop-web")]
    [InlineData("Shop.Web__API", "shop-web-api")]
    [InlineData("_lead-and-trail_", "lead-and-trail")]
    [InlineData("a--b", "a-b")]
    [InlineData("caf\u00e9", "caf")]
    [InlineData("___", null)]
    public void Service_names_become_dns_labels(string swarm, string? consul)
    {
        Assert.Equal(consul, ConsulNames.ServiceName(swarm));
    }

    [Fact]
    public void Service_names_are_cut_at_63_characters_without_a_trailing_dash()
    {
        var name = ConsulNames.ServiceName(new string('a', 62) + "_b" + new string('c', 10));

        Assert.Equal(new string('a', 62), name);
    }

    [Fact]
    public void Service_ids_are_deterministic()
    {
        Assert.Equal("dupstream-shop-web-8080", ConsulNames.ServiceId("shop-web", 8080));
    }
}

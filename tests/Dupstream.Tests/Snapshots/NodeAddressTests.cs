using Dupstream.Snapshots;

namespace Dupstream.Tests.Snapshots;

public class NodeAddressTests
{
    [Theory]
    [InlineData("10.231.0.2", null, "10.231.0.2")]
    [InlineData("10.231.0.2", "10.231.0.9:2377", "10.231.0.2")]
    [InlineData("0.0.0.0", "10.231.0.1:2377", "10.231.0.1")]
    [InlineData("127.0.0.1", "10.231.0.1:2377", "10.231.0.1")]
    [InlineData("127.0.1.1", "10.231.0.1:2377", "10.231.0.1")]
    [InlineData("", "10.231.0.1:2377", "10.231.0.1")]
    [InlineData("::", "[fd00::1]:2377", "fd00::1")]
    [InlineData("0.0.0.0", null, "0.0.0.0")]
    [InlineData("0.0.0.0", "0.0.0.0:2377", "0.0.0.0")]
    [InlineData("0.0.0.0", "manager.example:2377", "manager.example")]
    public void Uses_the_status_address_unless_it_is_unusable_and_the_manager_address_is_known(string status, string? manager, string expected)
    {
        Assert.Equal(expected, NodeAddress.Choose(status, manager));
    }

    [Theory]
    [InlineData("10.0.0.1:2377", "10.0.0.1")]
    [InlineData("[fd00::1]:2377", "fd00::1")]
    [InlineData("fd00::1", "fd00::1")]
    [InlineData("host", "host")]
    [InlineData("", null)]
    public void Takes_the_host_out_of_host_and_port(string text, string? expected)
    {
        Assert.Equal(expected, NodeAddress.HostOf(text));
    }
}

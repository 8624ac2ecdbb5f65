using Dupstream.Configuration;

namespace Dupstream.Tests.Configuration;

public class TargetDisplayTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9080/lb", "http://127.0.0.1:9080/lb")]
    [InlineData("http://user:hunter2@127.0.0.1:9080/lb", "http://127.0.0.1:9080/lb")]
    [InlineData("https://lb.test/update?secret=hunter2#x", "https://lb.test/update")]
    public void Shows_no_credentials(string url, string expected)
    {
        Assert.Equal(expected, TargetDisplay.Of(new Uri(url)));
    }

    [Fact]
    public void Raw_text_loses_user_info_and_query()
    {
        Assert.Equal("ftp://***@host/x", TargetDisplay.OfRaw("ftp://me:hunter2@host/x?token=1"));
    }
}

using Dupstream.Nginx.Flavours.Nginx.Rendering;

namespace Dupstream.Nginx.Tests.Flavours.Nginx.Rendering;

public sealed class HostsFileEditorTests
{
    private const string Section = "# <HOST-CONFIG>\n10.0.0.1\tnode-1\n# </HOST-CONFIG>\n";

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1 localhost")]
    [InlineData("127.0.0.1 localhost\n")]
    [InlineData("a\n# <HOST-CONFIG>\nold\n# </HOST-CONFIG>\nb\n")]
    [InlineData("a\n\n# <HOST-CONFIG>\nold\n# </HOST-CONFIG>")]
    public void ApplyingTwiceGivesTheSameText(string existing)
    {
        var once = HostsFileEditor.Replace(existing, Section);
        Assert.Equal(once, HostsFileEditor.Replace(once, Section));
        Assert.EndsWith(Section, once, StringComparison.Ordinal);
    }

    [Fact]
    public void AStrayOpeningMarkerNeverSwallowsTheUsersLines()
    {
        var existing = "# <HOST-CONFIG>\nmine 1\nmine 2\n# <HOST-CONFIG>\nold\n# </HOST-CONFIG>\n";
        Assert.Equal("# <HOST-CONFIG>\nmine 1\nmine 2\n" + Section, HostsFileEditor.Replace(existing, Section));
    }

    [Fact]
    public void CrlfMarkersAreRecognisedAndOtherLinesKeptByteForByte()
    {
        var existing = "127.0.0.1 localhost\r\n# <HOST-CONFIG>\r\nold\r\n# </HOST-CONFIG>\r\n10.9.9.9 db\r\n";
        Assert.Equal("127.0.0.1 localhost\r\n10.9.9.9 db\r\n" + Section, HostsFileEditor.Replace(existing, Section));
    }

    [Fact]
    public void EveryCompleteBlockIsRemoved()
    {
        var existing = "x\n# <HOST-CONFIG>\n1\n# </HOST-CONFIG>\ny\n# <HOST-CONFIG>\n2\n# </HOST-CONFIG>\n";
        Assert.Equal("x\ny\n" + Section, HostsFileEditor.Replace(existing, Section));
    }
}

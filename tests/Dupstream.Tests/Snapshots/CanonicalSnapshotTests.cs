using Dupstream.Contracts;
using Dupstream.Snapshots;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Snapshots;

public class CanonicalSnapshotTests
{
    [Fact]
    public void Equal_states_built_separately_are_the_same_content()
    {
        var first = CanonicalSnapshot.From(SnapshotBuilder.Build([Node("n1", "a")], [Service("s1", "web", Port(1, 2))], [Task("t", "s1", "n1")]));
        var second = CanonicalSnapshot.From(SnapshotBuilder.Build([Node("n1", "a")], [Service("s1", "web", Port(1, 2))], [Task("t", "s1", "n1")]));

        Assert.True(first.SameContentAs(second));
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(SnapshotJson.Serialize(first.Snapshot), first.Bytes.ToArray());
    }

    [Fact]
    public void A_changed_state_is_different_content()
    {
        var first = CanonicalSnapshot.From(SnapshotBuilder.Build([Node("n1", "a")], [Service("s1", "web", Port(1, 2))], [Task("t", "s1", "n1")]));
        var second = CanonicalSnapshot.From(SnapshotBuilder.Build([Node("n1", "a")], [Service("s1", "web", Port(1, 2))], []));

        Assert.False(first.SameContentAs(second));
        Assert.False(first.SameContentAs(null));
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
    }
}

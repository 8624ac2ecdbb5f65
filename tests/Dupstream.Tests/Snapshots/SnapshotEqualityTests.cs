using Dupstream.Contracts;
using Dupstream.Snapshots;

namespace Dupstream.Tests.Snapshots;

/// <summary>Reusing the previous canonical snapshot must be exact: whenever any field differs, the bytes are made anew.</summary>
public class SnapshotEqualityTests
{
    private static SwarmSnapshot Sample(
        string ip = "10.0.0.1",
        string? state = "ready",
        int published = 8080,
        string node = "n1",
        string labelValue = "least_conn;",
        string name = "web",
        bool secondService = true) => new()
        {
            Nodes = [new SnapshotNode { Id = "n1", Name = "a", Ip = ip, State = state, Availability = "active" }, new SnapshotNode { Id = "n2", Name = "b", Ip = "10.0.0.2" }],
            Services =
        [
            new SnapshotService
            {
                Name = name,
                Ports = [new SnapshotPort { TargetPort = 80, PublishedPort = published }],
                Nodes = [node, "n2"],
                Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["dupstream.upstream.prefix"] = labelValue },
            },
            .. secondService ? [new SnapshotService { Name = "z" }] : Array.Empty<SnapshotService>(),
        ],
        };

    public static TheoryData<SwarmSnapshot> Changed() =>
    [
        Sample(ip: "10.0.0.9"),
        Sample(state: null),
        Sample(published: 8081),
        Sample(node: "n3"),
        Sample(labelValue: "ip_hash;"),
        Sample(name: "web2"),
        Sample(secondService: false),
    ];

    [Fact]
    public void The_same_content_built_again_reuses_the_previous_canonical_snapshot()
    {
        var previous = CanonicalSnapshot.From(Sample());

        var again = CanonicalSnapshot.From(Sample(), previous);

        Assert.Same(previous, again);
        Assert.True(SnapshotEquality.Same(Sample(), Sample()));
    }

    [Theory]
    [MemberData(nameof(Changed))]
    public void Any_changed_field_gives_new_bytes(SwarmSnapshot changed)
    {
        var previous = CanonicalSnapshot.From(Sample());

        var next = CanonicalSnapshot.From(changed, previous);

        Assert.NotSame(previous, next);
        Assert.False(previous.SameContentAs(next));
        Assert.Equal(SnapshotJson.Serialize(changed), next.Bytes.ToArray());
    }

    [Fact]
    public void Without_a_previous_snapshot_the_bytes_are_made()
    {
        var made = CanonicalSnapshot.From(Sample(), previous: null);

        Assert.Equal(SnapshotJson.Serialize(Sample()), made.Bytes.ToArray());
    }
}

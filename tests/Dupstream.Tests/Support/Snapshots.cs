using Dupstream.Delivery;
using Dupstream.Snapshots;
using static Dupstream.Tests.Support.Engine;

namespace Dupstream.Tests.Support;

/// <summary>Distinct small snapshots for delivery tests: version n has n services.</summary>
internal static class Snapshots
{
    public static CanonicalSnapshot Version(int n) =>
        CanonicalSnapshot.From(SnapshotBuilder.Build(
            [Node("n1", "host1")],
            Enumerable.Range(1, n).Select(i => Service($"s{i}", $"svc{i:D3}", Port(10000 + i, 80))).ToList(),
            []));

    public static DeliveryEnvelope Envelope(long sequence, int version) => new(sequence, Version(version));

    public static int VersionOf(CanonicalSnapshot snapshot) => snapshot.Snapshot.Services.Count;
}

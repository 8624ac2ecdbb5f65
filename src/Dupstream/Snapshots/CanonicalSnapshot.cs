using System.Security.Cryptography;
using Dupstream.Contracts;

namespace Dupstream.Snapshots;

/// <summary>
/// A snapshot with its wire bytes and a fingerprint of them. Change detection compares bytes (the fingerprint
/// first, as a cheap filter), so "changed" means exactly "a target would receive something different".
/// </summary>
internal sealed class CanonicalSnapshot
{
    private CanonicalSnapshot(SwarmSnapshot snapshot, byte[] bytes)
    {
        Snapshot = snapshot;
        Bytes = bytes;
        var hash = SHA256.HashData(bytes);
        Fingerprint = Convert.ToHexStringLower(hash.AsSpan(0, 6));
        hashPrefix = BitConverter.ToUInt64(hash, 0);
    }

    private readonly ulong hashPrefix;

    public SwarmSnapshot Snapshot { get; }

    /// <summary>Compact UTF-8 JSON from <see cref="SnapshotJson.Serialize"/>: what goes on the wire.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Short hex id for logs, so a delivery line can be matched with the --debug body.</summary>
    public string Fingerprint { get; }

    public static CanonicalSnapshot From(SwarmSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new CanonicalSnapshot(snapshot, SnapshotJson.Serialize(snapshot));
    }

    /// <summary>
    /// <paramref name="previous"/> itself when <paramref name="snapshot"/> has the same content (so an unchanged
    /// refresh serialises and hashes nothing, and publishing it is a reference comparison), else a new one.
    /// </summary>
    public static CanonicalSnapshot From(SwarmSnapshot snapshot, CanonicalSnapshot? previous)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return previous is not null && SnapshotEquality.Same(previous.Snapshot, snapshot) ? previous : From(snapshot);
    }

    public bool SameContentAs(CanonicalSnapshot? other) =>
        other is not null
        && (ReferenceEquals(this, other) || (hashPrefix == other.hashPrefix && Bytes.Span.SequenceEqual(other.Bytes.Span)));
}

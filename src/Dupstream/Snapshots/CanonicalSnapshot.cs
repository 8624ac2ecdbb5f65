using System.Security.Cryptography;
using Dupstream.Contracts;

namespace Dupstream.Snapshots;

/// <summary>
/// A snapshot with its wire bytes and a fingerprint of them. Change detection compares bytes (the fingerprint
/// first, as a cheap filter), so "changed" means exactly "a target would receive something different".
/// </summary>
internal sealed class CanonicalSnapshot
{
    private CanonicalSnapshot(SwarmSnapshot snapshot, byte[] bytes, IReadOnlyDictionary<SnapshotService, Range>? entries = null)
    {
        Snapshot = snapshot;
        Bytes = bytes;
        this.entries = entries;
        var hash = SHA256.HashData(bytes);
        Fingerprint = Convert.ToHexStringLower(hash.AsSpan(0, 6));
        hashPrefix = BitConverter.ToUInt64(hash, 0);
    }

    private readonly ulong hashPrefix;

    // Where each service entry's bytes sit in Bytes, by instance: the next snapshot copies those it shares.
    private readonly IReadOnlyDictionary<SnapshotService, Range>? entries;

    public SwarmSnapshot Snapshot { get; }

    /// <summary>Compact UTF-8 JSON, the bytes of <see cref="SnapshotJson.Serialize"/> (written by <see cref="SnapshotBytes"/>): what goes on the wire.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Short hex id for logs, so a delivery line can be matched with the --debug body.</summary>
    public string Fingerprint { get; }

    public static CanonicalSnapshot From(SwarmSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (bytes, entries) = SnapshotBytes.Write(snapshot, ReadOnlyMemory<byte>.Empty, null);
        return new CanonicalSnapshot(snapshot, bytes, entries);
    }

    /// <summary>
    /// <paramref name="previous"/> itself when <paramref name="snapshot"/> has the same content (so an unchanged
    /// refresh serialises and hashes nothing, and publishing it is a reference comparison), else a new one.
    /// </summary>
    public static CanonicalSnapshot From(SwarmSnapshot snapshot, CanonicalSnapshot? previous)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (previous is null)
        {
            return From(snapshot);
        }

        if (SnapshotEquality.Same(previous.Snapshot, snapshot))
        {
            return previous;
        }

        var (bytes, entries) = SnapshotBytes.Write(snapshot, previous.Bytes, previous.entries);
        return new CanonicalSnapshot(snapshot, bytes, entries);
    }

    public bool SameContentAs(CanonicalSnapshot? other) =>
        other is not null
        && (ReferenceEquals(this, other) || (hashPrefix == other.hashPrefix && Bytes.Span.SequenceEqual(other.Bytes.Span)));
}

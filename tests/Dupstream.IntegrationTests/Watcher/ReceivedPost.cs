using Dupstream.Contracts;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>One POST a <see cref="RecordingTarget"/> received, with what it answered.</summary>
/// <param name="Index">Position in the target's sequence of POSTs, from 0.</param>
/// <param name="Snapshot">The parsed body; null when it did not parse (<paramref name="ParseError"/> says why).</param>
/// <param name="Signature">The X-Dupstream-Signature header, or null.</param>
/// <param name="Authorization">The Authorization header, or null.</param>
public sealed record ReceivedPost(
    int Index,
    DateTimeOffset ReceivedAt,
    string? Secret,
    string? ContentType,
    byte[] Body,
    SwarmSnapshot? Snapshot,
    string? ParseError,
    int AnsweredStatus,
    string? Signature = null,
    string? Authorization = null)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The named service of the snapshot, or null when it is not in it (or the body did not parse).</summary>
    public SnapshotService? Service(string name) => Snapshot?.Services.FirstOrDefault(s => s.Name == name);

    public bool Has(string service) => Service(service) is not null;
}

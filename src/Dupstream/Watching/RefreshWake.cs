namespace Dupstream.Watching;

/// <summary>
/// Why the refresh loop woke up: its timer, or engine events (coalesced, with what they named), or a
/// reconnected event stream.
/// </summary>
internal readonly record struct RefreshWake(int Events, bool Resync, ChangeSet? Changes = null)
{
    public static RefreshWake Timer => default;

    public bool Signalled => Events > 0 || Resync;
}

namespace Dupstream.Nginx.Configuration;

/// <summary>
/// The receiver's settings, one immutable record per concern, each read and validated once at start with
/// every path made absolute. Built only by <see cref="ReceiverConfigLoader"/>.
/// </summary>
internal sealed record ReceiverConfig
{
    public ListeningSettings Listening { get; init; } = new();

    public SecuritySettings Security { get; init; } = new();

    public CommandSettings Commands { get; init; } = new();

    public OutputSettings Output { get; init; } = new();

    public HostsSettings Hosts { get; init; } = new();

    public GuardSettings Guard { get; init; } = new();

    public LimitSettings Limits { get; init; } = new();

    public ApplySettings Apply { get; init; } = new();
}

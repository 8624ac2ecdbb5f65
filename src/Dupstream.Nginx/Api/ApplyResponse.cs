namespace Dupstream.Nginx.Api;

/// <summary>The answer to a snapshot: the original's <c>message</c> plus what happened and what was left out.</summary>
internal sealed record ApplyResponse(
    string Message,
    string Result,
    IReadOnlyList<string> ChangedFiles,
    bool Reloaded,
    IReadOnlyList<RejectedService> RejectedServices,
    IReadOnlyList<RejectedNode> RejectedNodes,
    string? Output)
{
    /// <summary>apply_mode "lua" only (left out of answers in reload mode): whether nginx's memory now holds the peers.</summary>
    public bool? MemoryUpdated { get; init; }
}

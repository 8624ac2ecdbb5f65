namespace Dupstream.Nginx.Api;

/// <summary>The answer to a snapshot: the original's <c>message</c> plus what happened and what was left out.</summary>
/// <param name="MemoryUpdated">apply_mode "lua" only (null, so left out, in reload mode): whether nginx's memory now holds the peers.</param>
internal sealed record ApplyResponse(
    string Message,
    string Result,
    IReadOnlyList<string> ChangedFiles,
    bool Reloaded,
    bool? MemoryUpdated,
    IReadOnlyList<RejectedService> RejectedServices,
    IReadOnlyList<RejectedNode> RejectedNodes,
    string? Output);

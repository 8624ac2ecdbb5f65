namespace Dupstream.Nginx.Core.Applying;

/// <summary>Whether an apply sent the peers to the proxy's memory (apply_mode "lua"), and how that went.</summary>
internal enum MemoryUpdate
{
    /// <summary>Not tried: this way of applying keeps nothing in memory, or the apply stopped before.</summary>
    None,

    Succeeded,

    Failed,
}

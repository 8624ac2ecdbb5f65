namespace Dupstream.Nginx.Applying;

/// <summary>What happened to one snapshot.</summary>
internal enum ApplyResult
{
    Applied,
    Unchanged,
    Superseded,
    TestFailed,
    ReloadFailed,
    WriteFailed,
    WipeRefused,

    /// <summary>apply_mode "lua": nginx did not take the peers into its memory; the files were restored.</summary>
    MemoryUpdateFailed,
}

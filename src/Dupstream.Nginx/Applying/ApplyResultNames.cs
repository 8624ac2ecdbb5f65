namespace Dupstream.Nginx.Applying;

/// <summary>How an apply's result is spelled in answers, /healthz and metric labels (stable: dashboards match on it).</summary>
internal static class ApplyResultNames
{
    public static string Of(ApplyResult result) => result switch
    {
        ApplyResult.Applied => "applied",
        ApplyResult.Unchanged => "unchanged",
        ApplyResult.Superseded => "superseded",
        ApplyResult.TestFailed => "test_failed",
        ApplyResult.ReloadFailed => "reload_failed",
        ApplyResult.WipeRefused => "wipe_refused",
        ApplyResult.MemoryUpdateFailed => "memory_update_failed",
        _ => "write_failed",
    };
}

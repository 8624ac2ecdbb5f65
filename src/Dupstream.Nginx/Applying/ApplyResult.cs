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
}

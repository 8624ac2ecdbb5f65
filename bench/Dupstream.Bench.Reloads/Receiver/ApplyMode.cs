namespace Dupstream.Bench.Reloads.Receiver;

/// <summary>The receiver's <c>apply_mode</c>: "reload" (file mode, the default; every change reloads nginx) or "lua".</summary>
internal enum ApplyMode
{
    File,
    Lua,
}

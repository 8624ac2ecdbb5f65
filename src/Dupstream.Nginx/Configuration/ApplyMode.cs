namespace Dupstream.Nginx.Configuration;

/// <summary>How tested files become live in nginx (<c>apply_mode</c>).</summary>
internal enum ApplyMode
{
    /// <summary>"reload": every change reloads nginx (the original's behaviour, the default).</summary>
    Reload,

    /// <summary>"lua": peer lists live in nginx's memory; only structural changes reload (issue #13).</summary>
    Lua,
}

namespace Dupstream.Nginx.Flavours.Nginx.Lua.Control;

/// <summary>How a call to nginx's control endpoint went.</summary>
/// <param name="Detail">On success what nginx answered (the version, or the peers text); on failure why, in one line.</param>
internal sealed record ControlAnswer(bool Succeeded, string Detail)
{
    /// <summary>False when nothing answered on the socket (nginx down, or its new config not loaded yet).</summary>
    public bool Answered { get; init; } = true;
}

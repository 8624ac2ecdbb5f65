namespace Dupstream.Nginx.Flavours.Nginx.Lua.Control;

/// <summary>nginx's control endpoint for the Lua balancer's peer lists (unit tests use a fake, the rest the real nginx).</summary>
internal interface IPeersControl
{
    /// <summary>PUT the whole peers text; succeeds only when nginx answers 200 with the text's own version.</summary>
    Task<ControlAnswer> PutAsync(string peersText, CancellationToken cancellationToken);

    /// <summary>GET what nginx holds (the peers text, version line first); fails when nginx does not answer.</summary>
    Task<ControlAnswer> GetAsync(CancellationToken cancellationToken);
}

namespace Dupstream.Nginx.Applying;

/// <summary>A service whose block <c>nginx -t</c> refused, held back so the rest could apply, and nginx's words.</summary>
internal sealed record HeldBackService(BlockChange Change, string NginxError)
{
    /// <summary>What happened to the service, for the answer and the log.</summary>
    public string Reason => Change switch
    {
        { NewText: null } => $"removed, but nginx -t fails without it (a site still names it?), so its last good block was kept: {NginxError}",
        { OldText: null } => $"nginx -t refused it, so it was left out: {NginxError}",
        _ => $"nginx -t refused its new block, so its last good block was kept: {NginxError}",
    };
}

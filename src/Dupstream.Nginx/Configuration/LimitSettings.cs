namespace Dupstream.Nginx.Configuration;

/// <summary>Bounds on what one request or one apply may cost.</summary>
internal sealed record LimitSettings
{
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most <c>nginx -t</c> runs one apply may make, the first included, while it looks for the services
    /// nginx refuses; 1 turns the search off (a refused render is then refused whole, as before).
    /// </summary>
    public int MaxNginxTests { get; init; } = 12;
}

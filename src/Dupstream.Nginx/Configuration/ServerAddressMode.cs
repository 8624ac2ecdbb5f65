namespace Dupstream.Nginx.Configuration;

/// <summary>How a node appears in a <c>server</c> line.</summary>
internal enum ServerAddressMode
{
    /// <summary>The node's name, resolved by nginx through the hosts section (the original's behaviour).</summary>
    Name,

    /// <summary>The node's IP address: needs no hosts file, so the hosts file is left alone.</summary>
    Ip,
}

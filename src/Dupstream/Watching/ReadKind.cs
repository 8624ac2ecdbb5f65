namespace Dupstream.Watching;

/// <summary>What the refresh loop asks the engine for on one turn.</summary>
internal enum ReadKind
{
    /// <summary>Nodes, services and all running tasks: at start, after a reconnect or a failure, while the stream is down.</summary>
    Full,

    /// <summary>All running tasks: the periodic safety net that catches task churn no event reports.</summary>
    Tasks,

    /// <summary>The services and nodes that events named, and their tasks.</summary>
    Changes,

    /// <summary>The tasks of the services that changed moments ago (their new tasks start without events).</summary>
    Followed,
}

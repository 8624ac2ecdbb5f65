using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Logging;

/// <summary>Every log line of the receiver, with stable event ids (1xxx API, 2xxx apply, 3xxx host). Never the secret.</summary>
internal static partial class ReceiverLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected a request from {Remote}: invalid secret")]
    public static partial void InvalidSecret(ILogger logger, string? remote);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Rejected a request from {Remote} with {Status}: {Reason}")]
    public static partial void BadRequest(ILogger logger, string? remote, int status, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Left out service {Service}: {Reason}")]
    public static partial void ServiceRejected(ILogger logger, string service, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Left out node {Node}: {Reason}")]
    public static partial void NodeRejected(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Rejected a request from {Remote}: invalid signature: {Reason}")]
    public static partial void InvalidSignature(ILogger logger, string? remote, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Applied: {Count} file(s) changed ({Files}), reloaded: {Reloaded}")]
    public static partial void Applied(ILogger logger, int count, IEnumerable<string> files, bool reloaded);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Unchanged: every file already matches the snapshot")]
    public static partial void Unchanged(ILogger logger);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "The nginx test command failed; every file was restored: {Output}")]
    public static partial void TestFailed(ILogger logger, string output);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "The reload command failed; every file was restored: {Output}")]
    public static partial void ReloadFailed(ILogger logger, string output);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Writing the files failed; every file was restored")]
    public static partial void WriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Critical, Message = "Could not restore {Path}; fix it by hand")]
    public static partial void RestoreFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "A snapshot was superseded by a newer one before it was applied")]
    public static partial void Superseded(ILogger logger);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Refused by the wipe guard: {Removed} of {Current} server lines would go (max_removed_share {MaxShare}); the same snapshot sent again applies it")]
    public static partial void WipeRefused(ILogger logger, int removed, int current, double maxShare);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Wipe confirmed: the same snapshot came again, applying it ({Removed} of {Current} server lines go)")]
    public static partial void WipeConfirmed(ILogger logger, int removed, int current);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Left out service {Service} after nginx -t: {Reason}")]
    public static partial void ServiceHeldBack(ILogger logger, string service, string reason);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Error, Message = "nginx did not take the peers into its memory; every file was restored: {Reason}")]
    public static partial void MemoryUpdateFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "dupstream-nginx listening on {Address}, endpoint POST {Endpoint}")]
    public static partial void Listening(ILogger logger, string address, string endpoint);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Running with --insecure: {What}")]
    public static partial void Insecure(ILogger logger, string what);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "apply_mode lua: wrote {Files}")]
    public static partial void LuaFilesWritten(ILogger logger, IEnumerable<string> files);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "apply_mode lua: nginx does not answer on {Socket} ({Reason}); when it starts it loads the peers from {PeersFile}")]
    public static partial void NginxNotAnswering(ILogger logger, string socket, string reason, string peersFile);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "apply_mode lua: nginx's memory holds the peers of the files on disk (version {Version})")]
    public static partial void MemoryResynced(ILogger logger, string version);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "apply_mode lua: at start, {What}: {Output}")]
    public static partial void LuaStartFailed(ILogger logger, string what, string output);
}

namespace Dupstream.Bench.Reloads.Receiver;

/// <summary>The receiver stopped at start (e.g. a build without <c>apply_mode</c> "lua" refuses the setting).</summary>
internal sealed class ReceiverRefusedException(string message) : Exception(message);

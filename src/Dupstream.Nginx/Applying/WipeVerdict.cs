namespace Dupstream.Nginx.Applying;

/// <summary>The wipe guard's decision on one apply, with the figures for the message and the log.</summary>
internal sealed record WipeVerdict(bool Refused, bool Confirmed, int Removed, int Current);

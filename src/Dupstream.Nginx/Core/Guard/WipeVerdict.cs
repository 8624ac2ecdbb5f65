namespace Dupstream.Nginx.Core.Guard;

/// <summary>
/// The wipe guard's decision on one apply, with the figures for the message and the log: server lines
/// removed of those in the last confirmed state, and how long until the same render may confirm.
/// </summary>
internal sealed record WipeVerdict(bool Refused, bool Confirmed, int Removed, int Current, TimeSpan ConfirmableIn);

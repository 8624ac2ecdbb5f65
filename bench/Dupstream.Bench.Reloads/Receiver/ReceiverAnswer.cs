namespace Dupstream.Bench.Reloads.Receiver;

/// <summary>What a POST of a snapshot got back: its round trip at the client and the answer's flags.</summary>
/// <param name="AnsweredAt">Stopwatch timestamp at which the whole answer had arrived.</param>
internal sealed record ReceiverAnswer(double RoundTripMs, long AnsweredAt, string Result, bool Reloaded, bool MemoryUpdated);

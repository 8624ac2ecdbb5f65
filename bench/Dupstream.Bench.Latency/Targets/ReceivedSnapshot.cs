using Dupstream.Contracts;

namespace Dupstream.Bench.Latency.Targets;

/// <summary>A snapshot POST as the recording target got it.</summary>
/// <param name="Timestamp">When its request reached the handler (<see cref="TimeProvider.GetTimestamp"/>).</param>
/// <param name="Index">Its place in the order of arrival, from 0.</param>
internal sealed record ReceivedSnapshot(long Timestamp, int Index, SwarmSnapshot Snapshot);

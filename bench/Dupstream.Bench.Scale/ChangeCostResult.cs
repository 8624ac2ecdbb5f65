namespace Dupstream.Bench.Scale;

/// <summary>Idle engine bytes per minute, and per change kind the median requests and bytes the change caused.</summary>
internal sealed record ChangeCostResult(double IdleBytesPerMinute, IReadOnlyList<(string Kind, double Requests, double Bytes)> PerChange);

namespace Dupstream.SyntheticEngine.Http;

/// <summary>One listing the engine answered.</summary>
/// <param name="StartedTimestamp">Stopwatch timestamp when the request began being answered.</param>
/// <param name="FilteredByObject">Whether it asked about particular services, nodes or tasks (ID, name, service or node filter).</param>
public sealed record ListingRecord(string Endpoint, long StartedTimestamp, long Bytes, bool FilteredByObject);

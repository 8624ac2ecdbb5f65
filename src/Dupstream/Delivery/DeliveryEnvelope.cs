using Dupstream.Snapshots;

namespace Dupstream.Delivery;

/// <summary>A published snapshot with its place in publication order, so no worker ever sends an older one after a newer.</summary>
internal sealed record DeliveryEnvelope(long Sequence, CanonicalSnapshot Snapshot);

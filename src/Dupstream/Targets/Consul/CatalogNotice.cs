namespace Dupstream.Targets.Consul;

/// <summary>Something left out of or kept back from the catalog, with why. <paramref name="Key"/> identifies it,
/// so it is logged once, not at every reconcile.</summary>
internal sealed record CatalogNotice(string Key, string Message);

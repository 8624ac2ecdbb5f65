namespace Dupstream.Targets.Consul;

/// <summary>The writes that bring the catalog in step, in the order to issue them, and what was held back.</summary>
internal sealed record CatalogPlan(IReadOnlyList<CatalogWrite> Writes, IReadOnlyList<CatalogNotice> Notices);

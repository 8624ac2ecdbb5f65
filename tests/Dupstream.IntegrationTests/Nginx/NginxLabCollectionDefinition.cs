namespace Dupstream.IntegrationTests.Nginx;

/// <summary>Tests that share one real nginx (started once per run).</summary>
[CollectionDefinition("nginx")]
public sealed class NginxLabCollectionDefinition : ICollectionFixture<NginxLab>;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>A manager added to the lab: node number K (scripts/lab.sh stop-node K), hostname, address, engine.</summary>
public sealed record LabManager(int Number, string Hostname, string Address, string DockerHost);

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>What the test copy of deploy/stack.yml changes: where the receiver is, the watcher's port, names, and the
/// folder with each lab engine's socket by node hostname (lab.env's LAB_SOCKET_DIR).</summary>
public sealed record StackSettings(Uri ReceiverUrl, int WatcherHttpPort, string SecretName, string LbLabel, string SocketDir)
{
    public int WatcherReplicas { get; init; } = 1;
}

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// The test copy of deploy/stack.yml: the same file with the lab's addresses and ports put in (pure text edits).
/// Each edit must find its line, so a stack.yml that changes shape fails here instead of silently testing less.
/// </summary>
public static class StackFile
{
    public static string ForLab(string original, StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = original;
        text = Replace(text, "\"http://lb1.example.internal:9080/lb|http://lb2.example.internal:9080/lb\"", $"\"{settings.ReceiverUrl}\"");
        text = Replace(text, "DUPSTREAM_HTTP_PORT: \"8080\"", $"DUPSTREAM_HTTP_PORT: \"{settings.WatcherHttpPort}\"");
        text = Replace(text, "DUPSTREAM_PERIOD: \"3\"", "DUPSTREAM_PERIOD: \"1\"");
        text = Replace(text, "  dupstream_secret:\n    external: true\n", $"  dupstream_secret:\n    external: true\n    name: {settings.SecretName}\n");
        text = Replace(text, "node.labels.dupstream-lb == true", $"node.labels.{settings.LbLabel} == true");
        // All lab nodes share one file system: each task mounts the socket of the engine of its own node (a template).
        text = Replace(text, "- /var/run/docker.sock:/var/run/docker.sock:ro", $"- {settings.SocketDir}/{{{{.Node.Hostname}}}}.sock:/var/run/docker.sock:ro");
        if (settings.WatcherReplicas != 1)
        {
            text = Replace(text, "      replicas: 1\n      placement:\n", $"      replicas: {settings.WatcherReplicas}\n      placement:\n        max_replicas_per_node: 1\n");
        }

        return text;
    }

    private static string Replace(string text, string find, string replacement) =>
        text.Contains(find, StringComparison.Ordinal)
            ? text.Replace(find, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/stack.yml no longer contains '{find}'; update the test copy.");
}

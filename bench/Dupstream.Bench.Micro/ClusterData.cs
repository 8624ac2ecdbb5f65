using Dupstream.Docker;
using Dupstream.SyntheticEngine.Cluster;

namespace Dupstream.Bench.Micro;

/// <summary>A synthetic cluster with T running tasks (T/10 services, T/100 nodes, at least 2 and 4), as engine JSON and as engine records.</summary>
internal sealed class ClusterData
{
    public ClusterData(int tasks)
    {
        var cluster = new ClusterState(new ClusterSpec(Nodes: Math.Max(2, tasks / 100), Services: Math.Max(4, tasks / 10), Tasks: tasks), TimeProvider.System);
        TasksJson = Join(cluster.ListTasks(new TaskFilter(DesiredStates: new HashSet<string>(StringComparer.Ordinal) { "running" })));
        Nodes = Read<EngineNode>(Join(cluster.ListNodes()), NodeJsonReader.TryRead);
        Services = Read<EngineService>(Join(cluster.ListServices()), ServiceJsonReader.TryRead);
        Tasks = Read<EngineTask>(TasksJson, TaskJsonReader.Unpooled);
    }

    /// <summary>The /tasks?filters={"desired-state":["running"]} answer, byte for byte as the synthetic engine sends it.</summary>
    public byte[] TasksJson { get; }

    public IReadOnlyList<EngineNode> Nodes { get; }

    public IReadOnlyList<EngineService> Services { get; }

    public IReadOnlyList<EngineTask> Tasks { get; }

    private static byte[] Join(ClusterListing listing)
    {
        using var buffer = new MemoryStream();
        buffer.WriteByte((byte)'[');
        for (var i = 0; i < listing.Objects.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(listing.Objects[i]);
        }

        buffer.Write("]\n"u8);
        return buffer.ToArray();
    }

    private static List<T> Read<T>(byte[] json, JsonElementReader<T> reader) =>
        JsonArrayStream.ReadAsync(new MemoryStream(json), reader, CancellationToken.None).GetAwaiter().GetResult();
}

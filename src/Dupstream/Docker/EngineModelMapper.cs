using Docker.DotNet.Models;

namespace Dupstream.Docker;

/// <summary>
/// Maps Docker.DotNet.Enhanced's full models onto our small records, so nothing past the adapter depends on the
/// library's model shapes (and the snapshot builder stays testable with plain records).
/// </summary>
internal static class EngineModelMapper
{
    public static EngineNode ToNode(NodeListResponse node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new EngineNode(
            Id: node.ID ?? string.Empty,
            Hostname: node.Description?.Hostname ?? string.Empty,
            State: node.Status?.State ?? string.Empty,
            Availability: node.Spec?.Availability ?? string.Empty,
            StatusAddr: node.Status?.Addr ?? string.Empty,
            ManagerAddr: string.IsNullOrEmpty(node.ManagerStatus?.Addr) ? null : node.ManagerStatus.Addr);
    }

    public static EngineService ToService(SwarmService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var labels = service.Spec?.Labels is { } specLabels
            ? new Dictionary<string, string>(specLabels, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var ports = (service.Endpoint?.Ports ?? [])
            .Where(port => port is not null)
            .Select(port => new EnginePort(
                PublishedPort: checked((int)(port.PublishedPort ?? 0)),
                TargetPort: checked((int)(port.TargetPort ?? 0)),
                Protocol: port.Protocol ?? string.Empty,
                PublishMode: port.PublishMode ?? string.Empty))
            .ToList();
        return new EngineService(service.ID ?? string.Empty, service.Spec?.Name ?? string.Empty, labels, ports);
    }

    public static EngineTask ToTask(TaskResponse task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new EngineTask(
            Id: task.ID ?? string.Empty,
            ServiceId: task.ServiceID ?? string.Empty,
            NodeId: task.NodeID ?? string.Empty,
            DesiredState: StateName(task.DesiredState),
            State: StateName(task.Status?.State));
    }

    public static EngineEvent ToEvent(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var timeNano = message.TimeNano ?? (message.Time is { } seconds ? seconds * 1_000_000_000 : 0);
        return new EngineEvent(message.Type ?? string.Empty, message.Action ?? string.Empty, message.Actor?.ID ?? string.Empty, timeNano);
    }

    /// <summary>The engine's own word for a task state (the library's enum carries it as EnumMember).</summary>
    public static string StateName(TaskState? state) => state switch
    {
        null => string.Empty,
        TaskState.New => "new",
        TaskState.Allocated => "allocated",
        TaskState.Pending => "pending",
        TaskState.Assigned => "assigned",
        TaskState.Accepted => "accepted",
        TaskState.Preparing => "preparing",
        TaskState.Ready => "ready",
        TaskState.Starting => "starting",
        TaskState.Running => "running",
        TaskState.Complete => "complete",
        TaskState.Shutdown => "shutdown",
        TaskState.Failed => "failed",
        TaskState.Rejected => "rejected",
        TaskState.Remove => "remove",
        TaskState.Orphaned => "orphaned",
        _ => "unknown",
    };
}

using Dupstream.Docker;

namespace Dupstream.Watching;

/// <summary>
/// Whether a listing shows tasks that are meant to run and are on their way there. The engine emits no event
/// when such a task starts, so while one exists the only way to see it start promptly is to keep listing.
/// </summary>
internal static class TaskProgress
{
    // The engine's task states before "running" (swarmkit's TaskState order); a task in any of them with
    // DesiredState "running" will either start or fail soon.
    private static readonly HashSet<string> OnTheWay = new(StringComparer.Ordinal)
    {
        "new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting",
    };

    public static bool AnyStarting(IEnumerable<EngineTask> tasks) =>
        tasks.Any(IsStarting);

    /// <summary>The services that have a task on its way to running.</summary>
    public static IReadOnlyCollection<string> StartingServices(IEnumerable<EngineTask> tasks) =>
        tasks.Where(IsStarting).Select(task => task.ServiceId).ToHashSet(StringComparer.Ordinal);

    private static bool IsStarting(EngineTask task) => task.DesiredState == "running" && OnTheWay.Contains(task.State);
}

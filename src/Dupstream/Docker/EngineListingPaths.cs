namespace Dupstream.Docker;

/// <summary>The listing requests the watcher makes; /tasks asks the engine to filter, so only running-desired tasks travel.</summary>
internal static class EngineListingPaths
{
    public const string Nodes = "nodes";

    public const string Services = "services";

    /// <summary>filters={"desired-state":{"running":true}}, in the map form Docker.DotNet sends too.</summary>
    public static readonly string RunningTasks = "tasks?filters=" + Uri.EscapeDataString("{\"desired-state\":{\"running\":true}}");
}

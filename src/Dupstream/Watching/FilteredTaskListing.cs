using System.Net;
using Docker.DotNet;
using Dupstream.Docker;

namespace Dupstream.Watching;

/// <summary>
/// A task listing filtered by services or nodes. The engine resolves every filter value first and answers 404
/// for the whole request when one of them no longer exists (a service removed a moment ago), so on a 404 this
/// asks which of them exist and lists the tasks of those. A second 404 (another removal in between) is thrown
/// like any failure: the loop then falls back to a full listing.
/// </summary>
internal static class FilteredTaskListing
{
    public static async Task<(IReadOnlyList<EngineTask> Tasks, IReadOnlyList<T>? Owners)> ReadAsync<T>(
        IReadOnlyCollection<string> ids,
        Func<IReadOnlyCollection<string>, Task<IReadOnlyList<EngineTask>>> listTasks,
        Task<IReadOnlyList<T>>? ownersListing,
        Func<Task<IReadOnlyList<T>>> listOwners,
        Func<T, string> idOf)
    {
        try
        {
            var tasks = await listTasks(ids).ConfigureAwait(false);
            return (tasks, ownersListing is null ? null : await ownersListing.ConfigureAwait(false));
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            var owners = await (ownersListing ?? listOwners()).ConfigureAwait(false);
            var present = owners.Select(idOf).Where(ids.Contains).ToHashSet(StringComparer.Ordinal);
            var tasks = present.Count == 0 ? [] : await listTasks(present).ConfigureAwait(false);
            return (tasks, owners);
        }
        finally
        {
            // Observed on every path, so a failure of the owners' listing after the tasks failed is not left unobserved.
            if (ownersListing is not null)
            {
                await ((Task)ownersListing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}

namespace Dupstream.Nginx.Core.Guard;

/// <summary>
/// The flavour's reading of its own files for the wipe guard: each backend line ("upstream name / server address")
/// with how often it occurs. It counts what is on disk, whoever wrote it.
/// </summary>
internal interface IServerLineCounter
{
    Dictionary<string, int> Count(IEnumerable<string> files);
}

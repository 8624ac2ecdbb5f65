namespace Dupstream.Configuration;

/// <summary>
/// Every problem the readers find, collected rather than thrown (as YARP's config validators do), so a start with
/// three wrong settings names all three. An error is one line naming its setting and stops the start (exit 2); a
/// warning is logged once at start.
/// </summary>
internal sealed class ConfigurationProblems
{
    public List<string> Errors { get; } = [];

    public List<string> Warnings { get; } = [];
}

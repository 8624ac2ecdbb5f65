namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// The [Service] lines of a systemd unit that say how it runs: WorkingDirectory, User, ExecStartPre and ExecStart,
/// turned into the shell commands systemd would run (in that folder, in that order, the last one as the service).
/// </summary>
public sealed record SystemdUnit(string WorkingDirectory, string User, IReadOnlyList<string> ExecStartPre, string ExecStart)
{
    public static SystemdUnit Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var service = lines.SkipWhile(l => l != "[Service]").Skip(1).TakeWhile(l => !l.StartsWith('[')).ToList();
        string? Value(string key) => service.Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..]).LastOrDefault();
        return new SystemdUnit(
            Value("WorkingDirectory") ?? "/",
            Value("User") ?? "root",
            service.Where(l => l.StartsWith("ExecStartPre=", StringComparison.Ordinal)).Select(l => l["ExecStartPre=".Length..].TrimStart('-')).ToList(),
            Value("ExecStart") ?? throw new InvalidOperationException("the unit has no ExecStart"));
    }

    /// <summary>A sh script running the unit's commands as systemd does (User=root: no change of user needed).</summary>
    public string ToShellScript() =>
        User != "root"
            ? throw new NotSupportedException($"User={User}: run the commands through su/setpriv as that user")
            : $"cd {WorkingDirectory}\n{string.Concat(ExecStartPre.Select(c => c + "\n"))}exec {ExecStart}\n";
}

using System.Text.RegularExpressions;

namespace Dupstream.Nginx.Applying;

/// <summary>
/// After <c>nginx -t</c> refused a render, finds the services responsible and holds them back until the rest
/// passes. nginx names a file and line ("in /etc/nginx/upstreams.conf:12") or a quoted name (a site's
/// proxy_pass naming a removed upstream): that traces the culprit in one test. When nothing traces, the changes
/// are halved until one is found (1 + log2 n tests). At most <c>maxTests</c> tests in all, the first included:
/// past that, or when the failure remains with every change held back, it gives up and the caller restores.
/// </summary>
internal static partial class FailureIsolation
{
    public static async Task<IsolationResult> RunAsync(RenderPlan plan, string firstFailure, Func<IReadOnlySet<BlockChange>, Task<(bool Passed, string Output)>> test, int maxTests)
    {
        var held = new List<HeldBackService>();
        var heldSet = new HashSet<BlockChange>();
        var tests = 1;
        var failure = firstFailure;
        while (true)
        {
            var culprit = Trace(plan, failure, heldSet);
            var culpritError = failure;
            if (culprit is null)
            {
                var candidates = plan.Changes.Where(c => !heldSet.Contains(c)).ToList();
                if (candidates.Count == 0 || tests >= maxTests)
                {
                    return new IsolationResult(false, held, tests, failure);
                }

                // Is it ours at all? With every remaining change held back the files are as nginx last accepted
                // them, except for blocks a site needs (a new service it names): those stay applied.
                while (true)
                {
                    if (tests >= maxTests)
                    {
                        return new IsolationResult(false, held, tests, failure);
                    }

                    var none = await test(new HashSet<BlockChange>([.. heldSet, .. candidates])).ConfigureAwait(false);
                    tests++;
                    if (none.Passed)
                    {
                        break;
                    }

                    if (Named(none.Output, candidates) is not { } needed)
                    {
                        return new IsolationResult(false, held, tests, none.Output);
                    }

                    candidates.Remove(needed);
                    if (candidates.Count == 0)
                    {
                        return new IsolationResult(false, held, tests, failure);
                    }
                }

                // The smallest prefix of the candidates that fails ends with the culprit.
                int low = 0, high = candidates.Count - 1;
                while (low < high)
                {
                    if (tests >= maxTests)
                    {
                        return new IsolationResult(false, held, tests, failure);
                    }

                    var middle = (low + high) / 2;
                    var result = await test(new HashSet<BlockChange>([.. heldSet, .. candidates[(middle + 1)..]])).ConfigureAwait(false);
                    tests++;
                    if (result.Passed)
                    {
                        low = middle + 1;
                    }
                    else
                    {
                        high = middle;
                        culpritError = result.Output;
                    }
                }

                culprit = candidates[low];
            }

            held.Add(new HeldBackService(culprit, FirstError(culpritError)));
            heldSet.Add(culprit);
            if (tests >= maxTests)
            {
                return new IsolationResult(false, held, tests, failure);
            }

            var again = await test(heldSet).ConfigureAwait(false);
            tests++;
            if (again.Passed)
            {
                return new IsolationResult(true, held, tests, "");
            }

            failure = again.Output;
        }
    }

    /// <summary>The change nginx's message points at: the block at the file and line it names, else a removed or changed block it names in quotes.</summary>
    private static BlockChange? Trace(RenderPlan plan, string output, HashSet<BlockChange> heldBack)
    {
        foreach (Match match in FileAndLine().Matches(output))
        {
            var path = plan.Paths.FirstOrDefault(p => SamePath(p, match.Groups["file"].Value));
            if (path is not null && plan.ChangeAt(path, int.Parse(match.Groups["line"].ValueSpan, provider: null), heldBack) is { } atLine)
            {
                return atLine;
            }
        }

        var open = plan.Changes.Where(c => !heldBack.Contains(c)).ToList();
        if (Named(output, open) is { } named)
        {
            return named;
        }

        // "unknown "x" variable" names neither file nor block: the block whose new text holds "$x" (or the word).
        foreach (Match match in Quoted().Matches(output))
        {
            var token = match.Groups["name"].Value;
            if (open.FirstOrDefault(c => c.NewText is { } text && (text.Contains("$" + token, StringComparison.Ordinal) || text.Contains(" " + token + ";", StringComparison.Ordinal))) is { } holder)
            {
                return holder;
            }
        }

        return null;
    }

    /// <summary>A change nginx names in quotes (compared without case, as nginx compares upstream names), a removal first: "host not found in upstream "web"".</summary>
    private static BlockChange? Named(string output, List<BlockChange> changes)
    {
        foreach (Match match in Quoted().Matches(output))
        {
            var name = match.Groups["name"].Value;
            var named = changes.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if ((named.FirstOrDefault(c => c.NewText is null) ?? named.FirstOrDefault()) is { } change)
            {
                return change;
            }
        }

        return null;
    }

    private static bool SamePath(string ours, string nginxs)
    {
        try
        {
            return Path.GetFullPath(ours) == Path.GetFullPath(nginxs);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>nginx's first [emerg] (or first non-empty) line: the reason, without the "test failed" trailer.</summary>
    private static string FirstError(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.FirstOrDefault(l => l.Contains("[emerg]", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "no output";
        return line.Length > 300 ? line[..300] + "..." : line;
    }

    [GeneratedRegex(@" in (?<file>/[^\s:]+):(?<line>[0-9]{1,9})")]
    private static partial Regex FileAndLine();

    [GeneratedRegex("\"(?<name>[A-Za-z0-9_.-]{1,255})\"")]
    private static partial Regex Quoted();
}

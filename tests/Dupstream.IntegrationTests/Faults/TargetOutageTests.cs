using System.Globalization;
using System.Text;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Dupstream.IntegrationTests.Watcher;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Faults;

/// <summary>
/// Issue 6, target outage: the target goes away (nothing listens on its port), the swarm changes while it is away and
/// the watcher's retries fail, then it listens again. The first POST it receives must be the latest snapshot, and it
/// must come within one retry cap (min(period, 30 s); 1 s here) of the target answering. Three outages in a row.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class TargetOutageTests(SwarmLab lab, ITestOutputHelper output)
{
    private const int Outages = 3;
    private const double PeriodSeconds = 1;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // One retry cap (the period) plus room for a loaded 2-core machine; the measured figures go to the report.
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(PeriodSeconds + 1);

    [Fact]
    public async Task A_target_that_comes_back_gets_the_latest_snapshot_first_and_within_one_retry_cap()
    {
        var names = Enumerable.Range(0, Outages).Select(i => SwarmLab.UniqueName($"outage{i}")).ToList();
        await using var target = await RecordingTarget.StartAsync();
        try
        {
            // --debug logs each published body: the last one logged before the target returns is the latest snapshot.
            // Failed attempts are read from the metrics: after the first three the log warns only once a minute.
            var environment = WatcherProcess.Environment(lab.DockerHost, [target.Url], "outage-secret", PeriodSeconds);
            var port = FreePort.Next();
            environment["DUPSTREAM_HTTP_ADDRESS"] = "127.0.0.1";
            environment["DUPSTREAM_HTTP_PORT"] = port.ToString(CultureInfo.InvariantCulture);
            await using var watcher = WatcherProcess.Start(environment, "--debug");
            using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            async Task<int> Failures() => FailedAttempts(await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative)), target.Url);
            await target.WaitForPostAsync(p => p.Snapshot is not null, Patience, "a first snapshot");
            var catchUps = new List<TimeSpan>();
            foreach (var name in names)
            {
                await target.GoDownAsync();
                var failuresBefore = await Failures();
                await lab.CreateServiceAsync(new ServiceSpec(name) { IngressPorts = [new(lab.FreeTcpPort(), 80)] });
                await Eventually.UntilAsync(async () => await lab.RunningTaskCountAsync(name) == 1, Patience, $"{name} running");

                // Away long enough for the backoff to reach its cap: four failed attempts after the change (0.2+0.4+0.8+1 s nominal).
                await Eventually.UntilAsync(async () => await Failures() >= failuresBefore + 4 && RunsIn(Bodies(watcher).LastOrDefault() ?? "", name), Patience, $"four failed attempts with {name} running published");
                var publishedBefore = Bodies(watcher).Count;

                var postsBefore = target.Count;
                await target.ComeBackAsync();
                var answering = DateTimeOffset.UtcNow;
                var first = await target.WaitForPostAsync(_ => true, Patience, $"a POST after coming back (outage of {name})", postsBefore);

                // The newest snapshot published by then, never an older one (the swarm may change again meanwhile).
                Assert.Contains(first.BodyText, Bodies(watcher).Skip(publishedBefore - 1));
                Assert.True(RunsIn(first.BodyText, name), $"{name} is not running in the first POST after the outage: {first.BodyText}");
                catchUps.Add(first.ReceivedAt - answering);
            }

            output.WriteLine("latest snapshot received after the target answered again (ms): " + string.Join(", ", catchUps.Select(c => c.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture))));
            Assert.All(catchUps, c => Assert.True(c < CatchUpBound, $"caught up after {c.TotalMilliseconds:0} ms"));
            Assert.False(watcher.HasExited);
        }
        finally
        {
            foreach (var name in names)
            {
                await lab.RemoveServiceAsync(name);
            }
        }
    }

    /// <summary>dupstream_deliveries_total of the target with outcome no_answer (nothing listened).</summary>
    private static int FailedAttempts(string metrics, Uri target)
    {
        var series = $"dupstream_deliveries_total{{target=\"{target}\",outcome=\"no_answer\"}} ";
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series, StringComparison.Ordinal));
        return line is null ? 0 : (int)double.Parse(line[series.Length..], CultureInfo.InvariantCulture);
    }

    private static bool RunsIn(string body, string service) =>
        body.Length > 0 && SnapshotJson.Deserialize(Encoding.UTF8.GetBytes(body)).Services.FirstOrDefault(s => s.Name == service)?.Nodes.Count == 1;

    /// <summary>Every body the watcher published, in order (it logs each with --debug).</summary>
    private static List<string> Bodies(WatcherProcess watcher)
    {
        const string Marker = " body: ";
        return watcher.StandardError.Split('\n')
            .Where(l => l.Contains(Marker, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].TrimEnd('\r'))
            .ToList();
    }
}

using System.CommandLine;
using Dupstream.SyntheticEngine.Cluster;

namespace Dupstream.Bench.Scale;

/// <summary>engine: serve a synthetic engine; refresh: time refreshes in this process; run: the whole benchmark.</summary>
internal static class ScaleCommandLine
{
    public static RootCommand Build()
    {
        var socket = new Option<string>("--socket") { Description = "Unix socket path of the synthetic engine.", DefaultValueFactory = _ => "/tmp/dupstream-bench-scale/engine.sock" };
        var nodes = new Option<int>("--nodes") { DefaultValueFactory = _ => 200 };
        var services = new Option<int>("--services") { DefaultValueFactory = _ => 2000 };
        var tasks = new Option<int>("--tasks") { DefaultValueFactory = _ => 20000 };

        var engine = new Command("engine", "Serve a synthetic engine until stopped (Ctrl+C or SIGTERM).") { socket, nodes, services, tasks };
        engine.SetAction(async (parse, ct) =>
        {
            await using var served = await Dupstream.SyntheticEngine.SyntheticEngine.StartAsync(
                parse.GetValue(socket)!, new ClusterSpec(parse.GetValue(nodes), parse.GetValue(services), parse.GetValue(tasks)), cancellationToken: ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"synthetic engine on {served.DockerHost}: {served.Cluster.NodeCount} nodes, {served.Cluster.ServiceCount} services, {served.Cluster.RunningTaskCount} running tasks").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped by a signal: dispose below.
            }

            return 0;
        });

        var reader = new Option<string>("--reader") { Description = "lean (the watcher's readers) or models (Docker.DotNet's full models).", DefaultValueFactory = _ => "lean" };
        var kind = new Option<string>("--kind") { Description = "tasks (the idle poll), full (nodes, services and tasks) or change (one service's spec and tasks, after its event).", DefaultValueFactory = _ => "tasks" };
        var rounds = new Option<int>("--rounds") { DefaultValueFactory = _ => 20 };
        var serviceId = new Option<string?>("--service-id") { Description = "For --kind change: the service whose event is read." };
        var refresh = new Command("refresh", "Time refreshes in this process against a running engine; prints one JSON line.") { socket, reader, kind, rounds, serviceId };
        refresh.SetAction(async (parse, ct) =>
        {
            var timings = await RefreshProbe.RunAsync(new Uri("unix://" + parse.GetValue(socket)), parse.GetValue(reader)!, parse.GetValue(kind)!, parse.GetValue(rounds), ct, parse.GetValue(serviceId)).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(timings, ScaleJsonContext.Default.RefreshTimings)).ConfigureAwait(false);
            return 0;
        });

        var watchers = new Option<string[]>("--watcher") { Description = "LABEL=PATH of a watcher executable to soak; repeatable.", AllowMultipleArgumentsPerToken = false };
        var soak = new Option<int>("--soak") { Description = "Seconds of each watcher soak.", DefaultValueFactory = _ => 300 };
        var changeEvery = new Option<int>("--change-every") { Description = "Seconds between cluster changes during a soak.", DefaultValueFactory = _ => 30 };
        var curlRuns = new Option<int>("--curl-runs") { DefaultValueFactory = _ => 15 };
        var onceRuns = new Option<int>("--once-runs") { DefaultValueFactory = _ => 5 };
        var outFile = new Option<string?>("--out") { Description = "Write the Markdown section here too." };
        var changeRounds = new Option<int>("--change-rounds") { Description = "Rounds of create/scale/update --force/rm whose engine cost is measured per watcher (0: none).", DefaultValueFactory = _ => 2 };
        var run = new Command("run", "The scale benchmark for one cluster size.") { socket, nodes, services, tasks, watchers, soak, changeEvery, rounds, curlRuns, onceRuns, outFile, changeRounds };
        run.SetAction((parse, ct) =>
        {
            var list = (parse.GetValue(watchers) ?? []).Select(w => w.Split('=', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : p[0])).ToList();
            return ScaleRun.RunAsync(
                new ScaleSettings(
                    parse.GetValue(socket)!, parse.GetValue(nodes), parse.GetValue(services), parse.GetValue(tasks), list,
                    TimeSpan.FromSeconds(parse.GetValue(soak)), TimeSpan.FromSeconds(parse.GetValue(changeEvery)), parse.GetValue(rounds),
                    parse.GetValue(curlRuns), parse.GetValue(onceRuns), parse.GetValue(outFile), parse.GetValue(changeRounds)),
                ct);
        });

        var receiverPath = new Option<string>("--receiver-path") { Description = "The dupstream-nginx executable.", Required = true };
        var upstreams = new Option<int>("--upstreams") { DefaultValueFactory = _ => 2000 };
        var perService = new Option<int>("--servers-per-upstream") { DefaultValueFactory = _ => 10 };
        var changedRuns = new Option<int>("--changed-runs") { DefaultValueFactory = _ => 10 };
        var unchangedRuns = new Option<int>("--unchanged-runs") { DefaultValueFactory = _ => 50 };
        var receiver = new Command("receiver", "The receiver with a private nginx: apply of a changed and of an unchanged snapshot.") { receiverPath, upstreams, nodes, perService, changedRuns, unchangedRuns, outFile };
        receiver.SetAction((parse, ct) => ReceiverBench.RunAsync(
            parse.GetValue(receiverPath)!, parse.GetValue(upstreams), parse.GetValue(nodes), parse.GetValue(perService),
            parse.GetValue(changedRuns), parse.GetValue(unchangedRuns), parse.GetValue(outFile), ct));

        return new RootCommand("dupstream scale benchmark") { engine, refresh, run, receiver };
    }
}

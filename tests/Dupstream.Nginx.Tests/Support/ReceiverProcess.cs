using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Dupstream.Nginx.Tests.Support;

/// <summary>The real receiver (dupstream-nginx.dll, next to the test assembly) as a child process: exit code and console lines.</summary>
internal static class ReceiverProcess
{
    /// <summary>Runs it with config.json made from <paramref name="settings"/> (over the test defaults) until it listens or exits.</summary>
    public static async Task<(int? ExitCode, IReadOnlyList<string> Lines)> RunAsync(JsonObject settings, string? format, bool untilListening)
    {
        using var dir = new TempDirectory();
        TestConfigs.Load(dir, new JsonObject());
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!.AsObject();
        foreach (var (key, value) in settings)
        {
            config[key] = value?.DeepClone();
        }

        File.WriteAllText(dir.File("config.json"), config.ToJsonString());
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dupstream-nginx.dll"));
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(dir.File("config.json"));
        start.WorkingDirectory = dir.Path;
        start.Environment.Remove("DUPSTREAM_LOG_FORMAT");
        if (format is not null)
        {
            start.Environment["DUPSTREAM_LOG_FORMAT"] = format;
        }

        var lines = new List<string>();
        var gate = new Lock();
        using var process = new Process { StartInfo = start };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (gate)
                {
                    lines.Add(line);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        int? code = null;
        try
        {
            if (untilListening)
            {
                await Eventually.UntilAsync(
                    () =>
                    {
                        lock (gate)
                        {
                            // Our own line (event 3001), not ASP.NET's earlier "Now listening on:", which would end
                            // the wait before the line the tests look for was written.
                            return lines.Any(line => line.Contains("dupstream-nginx listening on", StringComparison.Ordinal));
                        }
                    },
                    TimeSpan.FromSeconds(20),
                    "the receiver logged that it listens");
            }
            else
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await process.WaitForExitAsync(timeout.Token);
                code = process.ExitCode;
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        lock (gate)
        {
            return (code, [.. lines]);
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

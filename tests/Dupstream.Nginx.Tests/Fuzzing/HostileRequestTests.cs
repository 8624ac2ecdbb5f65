using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Dupstream.Contracts;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Dupstream.Nginx.Tests.Fuzzing;

/// <summary>
/// Property test over real HTTP: at least 10,000 generated and mutated requests against the real app
/// on 127.0.0.1. Every answer is 2xx or 4xx, the process keeps answering, nothing appears outside the
/// configured files, and everything written has the safe shape. Then a sample of the accepted bodies
/// is replayed against a receiver whose test command is Debian's real <c>nginx -t</c>: nginx accepts
/// what is on disk after every one of them.
/// </summary>
public sealed class HostileRequestTests(ITestOutputHelper output)
{
    private const int Iterations = 10_000;
    private const int NginxSample = 400;
    private const string Secret = "s3cret";
    private const string UserHosts = "127.0.0.1\tlocalhost\n10.1.1.1 db # keep me\n";

    [Fact]
    public async Task TenThousandHostileRequestsNeverBreakTheReceiverOrWriteOutsideItsFiles()
    {
        var clock = Stopwatch.StartNew();
        using var root = new TempDirectory();
        var work = Directory.CreateDirectory(Path.Combine(root.Path, "work")).FullName;
        File.WriteAllText(Path.Combine(work, "default.conf"), "");
        File.WriteAllText(Path.Combine(work, "global.conf"), "");
        File.WriteAllText(Path.Combine(work, "hosts"), UserHosts);
        var config = LoadConfig(work, new JsonObject { ["nginx_test_command"] = "true", ["reload_nginx_command"] = "true" });
        var listingBefore = Listing(root.Path);
        var upstreamShape = RenderShape.UpstreamFile(config.Output.AllowedUpstreamDirectives);
        var hostsShape = RenderShape.HostsFile(UserHosts);

        var app = ReceiverApp.Build(config, insecure: false, b => b.Logging.ClearProviders());
        await app.StartAsync();
        var baseAddress = ReceiverApp.BaseAddress(app);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var statuses = new SortedDictionary<int, int>();
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var results = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var accepted = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var closedWithoutAnswer = 0;
        var inFlight = 0;
        var sent = 0;

        try
        {
            await HostileInputs.Requests.SampleAsync(
                async request =>
                {
                    Assert.Equal(1, Interlocked.Increment(ref inFlight));
                    try
                    {
                        sent++;
                        kinds[request.Kind] = kinds.GetValueOrDefault(request.Kind) + 1;
                        var (status, body) = request.Raw is { } raw ? (await SendRawAsync(baseAddress, raw), null) : await SendAsync(client, request);
                        if (status is null)
                        {
                            // Kestrel refused the request before reading its body and closed; Linux then resets the
                            // connection, which can discard the answer. Only raw bytes can do that, and the process
                            // must still answer right after.
                            Assert.Equal("raw", request.Kind);
                            closedWithoutAnswer++;
                            using var alive = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
                            return;
                        }

                        statuses[status.Value] = statuses.GetValueOrDefault(status.Value) + 1;
                        if (status == 505)
                        {
                            // Kestrel's own, correct answer to "HTTP/9.9" in the request line, before the app sees anything.
                            Assert.Contains(" HTTP/9.9\r\n", Encoding.Latin1.GetString(request.Raw ?? []), StringComparison.Ordinal);
                            return;
                        }

                        Assert.True(status is >= 200 and < 300 or >= 400 and < 500, $"answer {status}: {body}");
                        if (body is null)
                        {
                            return;
                        }

                        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
                        var json = JsonNode.Parse(body)!.AsObject();
                        Assert.False(string.IsNullOrEmpty(json["message"]?.GetValue<string>()), body);
                        if (status != 200)
                        {
                            return;
                        }

                        var result = json["result"]!.GetValue<string>();
                        results[result] = results.GetValueOrDefault(result) + 1;
                        Assert.Contains(result, (string[])["applied", "unchanged"]);
                        var files = (File.ReadAllText(Path.Combine(work, "default.conf")), File.ReadAllText(Path.Combine(work, "global.conf")));
                        Assert.True(upstreamShape.IsMatch(files.Item1), "default.conf: " + files.Item1);
                        Assert.True(upstreamShape.IsMatch(files.Item2), "global.conf: " + files.Item2);
                        var hosts = File.ReadAllText(Path.Combine(work, "hosts"));
                        Assert.True(hostsShape.IsMatch(hosts), "hosts: " + hosts);
                        if (result == "applied")
                        {
                            accepted.TryAdd(files.Item1 + "\u0001" + files.Item2, request.Body);
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                },
                iter: Iterations,
                threads: 1,
                print: r => r.ToString());

            using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("ok", JsonNode.Parse(await health.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Assert.Equal(listingBefore, Listing(root.Path));
        var bulkTime = clock.Elapsed;
        Assert.True(sent >= Iterations, $"only {sent} requests were sent");
        Assert.True(accepted.Count > 100, $"only {accepted.Count} distinct renders were accepted; the generator is too hostile to reach the apply");

        var (applied, heldBack, sampleTime) = await ReplayUnderRealNginxAsync(accepted.Values.ToList());

        output.WriteLine($"requests: {sent} ({string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))})");
        output.WriteLine($"statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}; raw requests reset without an answer (healthz answered right after each): {closedWithoutAnswer}; 5xx: 0; crashes: 0");
        output.WriteLine($"200 results: {string.Join(", ", results.Select(r => $"{r.Key} {r.Value}"))}; distinct accepted renders: {accepted.Count}");
        output.WriteLine($"real nginx -t sample: {applied} bodies replayed, all answered 200 (none refused whole); {heldBack} service(s) left out after nginx -t refused them; files on disk passed nginx -t after every one");
        output.WriteLine($"time: bulk {bulkTime.TotalSeconds:0.0} s, nginx sample {sampleTime.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Replays a spread-out sample of accepted bodies against a receiver in ip mode (nginx resolves
    /// node names itself, so only addresses can be checked here) whose test command is the real
    /// <c>nginx -t</c>. After each: 200 (a service nginx refuses is left out, never the snapshot), and nginx accepts the files on disk.
    /// </summary>
    private static async Task<(int Applied, int HeldBack, TimeSpan Time)> ReplayUnderRealNginxAsync(List<byte[]> bodies)
    {
        var clock = Stopwatch.StartNew();
        using var work = new TempDirectory();
        var files = new[] { work.File("default.conf"), work.File("global.conf") };
        foreach (var file in files)
        {
            File.WriteAllText(file, "");
        }

        using var nginx = new NginxSyntax(files);
        var config = LoadConfig(work.Path, new JsonObject { ["server_address"] = "ip", ["nginx_test_command"] = nginx.TestCommand, ["reload_nginx_command"] = "true" });
        var app = ReceiverApp.Build(config, insecure: false, b => b.Logging.ClearProviders());
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = ReceiverApp.BaseAddress(app) };
        int applied = 0, heldBack = 0;
        try
        {
            var step = Math.Max(1, bodies.Count / NginxSample);
            for (var i = 0; i < bodies.Count && applied < NginxSample; i += step)
            {
                var request = new FuzzRequest("replay", bodies[i], "application/json", SecretMode.Right, SignatureMode.None, null, null);
                var (status, body) = await SendAsync(client, request);

                // One bad service never blocks the others: whatever nginx -t refuses is left out, the rest applies.
                Assert.True(status == 200, $"answer {status}: {body}");
                applied++;
                heldBack += JsonNode.Parse(body!)!["rejected_services"]!.AsArray().Count(r => r!["reason"]!.GetValue<string>().Contains("nginx -t", StringComparison.Ordinal));

                var (exitCode, error) = await nginx.TestAsync();
                Assert.True(exitCode == 0, $"nginx -t refused the files on disk after {body}: {error}");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        return (applied, heldBack, clock.Elapsed);
    }

    private static ReceiverConfig LoadConfig(string directory, JsonObject overrides)
    {
        var config = new JsonObject
        {
            ["secret"] = Secret,
            ["upstream_file"] = new JsonObject { ["default"] = "./default.conf", ["global"] = "./global.conf" },
            ["hostsfile"] = "./hosts",
            ["port"] = 0,
            ["listen_address"] = "127.0.0.1",
            ["max_body_bytes"] = 256 * 1024,
        };
        foreach (var (key, value) in overrides)
        {
            config[key] = value?.DeepClone();
        }

        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString());
        return ReceiverConfigLoader.Load("config.json", _ => null, insecure: false, directory);
    }

    /// <summary>Every file and directory under the root, relative, sorted.</summary>
    private static List<string> Listing(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal).ToList();

    private static async Task<(int? Status, string? Body)> SendAsync(HttpClient client, FuzzRequest fuzz)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/lb", UriKind.Relative)) { Content = new ByteArrayContent(fuzz.Body) };
        if (fuzz.ContentType is { } contentType)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        switch (fuzz.Secret)
        {
            case SecretMode.Right: request.Headers.Add("X-SECRET", Secret); break;
            case SecretMode.Wrong: request.Headers.Add("X-SECRET", Secret + "x"); break;
            case SecretMode.Twice: request.Headers.TryAddWithoutValidation("X-SECRET", [Secret, Secret]); break;
            default: break;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = fuzz.Signature switch
        {
            SignatureMode.Valid => RequestSignature.CreateHeader(Secret, now, fuzz.Body),
            SignatureMode.Stale => RequestSignature.CreateHeader(Secret, now - 3600, fuzz.Body),
            SignatureMode.Garbage => new string((fuzz.GarbageSignature ?? "").Where(c => c is >= ' ' and <= '~').ToArray()),
            _ => null,
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(RequestSignature.HeaderName, signature);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/json" ? text : null);
    }

    /// <summary>Raw bytes on a fresh connection; the status code of the answer, or null if the server closed without one.</summary>
    private static async Task<int?> SendRawAsync(Uri baseAddress, byte[] raw)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, baseAddress.Port);
        var stream = socket.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await stream.WriteAsync(raw, timeout.Token);
            socket.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may answer and close before reading everything (e.g. 431 on huge headers).
        }

        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0 && answer.Length < 64 * 1024)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer was sent still leaves the answer readable below.
        }

        var text = Encoding.Latin1.GetString(answer.ToArray());
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && text.Length >= 12 ? int.Parse(text.AsSpan(9, 3), provider: null) : null;
    }
}

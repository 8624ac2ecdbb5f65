using System.Text;
using System.Text.Json;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Nginx;
using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// Issue 11, the watcher's side, with the real watcher process and the lab engine: signature-only requests,
/// credentials in the target URL, --debug logging a body once per snapshot, health that does not call a target
/// that never acknowledged anything up to date, and a listener that cannot start.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class WatcherTargetOptionsTests(SwarmLab lab)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_signature_only_the_secret_never_travels_and_the_signature_verifies()
    {
        var secret = "sig-only-" + Guid.NewGuid().ToString("N");
        await using var target = await RecordingTarget.StartAsync();
        var environment = WatcherProcess.Environment(lab.DockerHost, [target.Url], secret, 0.5);
        environment["DUPSTREAM_SIGNATURE_ONLY"] = "true";
        await using var watcher = WatcherProcess.Start(environment);

        var post = await target.WaitForPostAsync(p => p.Snapshot is not null, Patience, "a POST");

        Assert.Null(post.Secret);
        var (signedAt, signature) = RequestSignature.Parse(post.Signature!);
        Assert.True(RequestSignature.Verify(secret, signedAt, post.Body, signature));
    }

    [Fact]
    public async Task Credentials_in_the_url_are_sent_as_basic_authorization_and_never_logged()
    {
        await using var target = await RecordingTarget.StartAsync();
        target.AnswerStatus = 401;
        var withCredentials = new UriBuilder(target.Url) { UserName = "lb", Password = "p%40ss:w0rd" }.Uri;
        await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [withCredentials], null, 0.5, "--debug");

        var post = await target.WaitForPostAsync(p => p.Authorization is not null, Patience, "a POST with credentials");
        await watcher.WaitForLogAsync(l => l.Contains("attempt 2,", StringComparison.Ordinal), Patience, "a refused delivery retried");

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("lb:p@ss:w0rd")), post.Authorization);
        var everything = watcher.StandardOutput + "\n" + watcher.StandardError;
        Assert.DoesNotContain("p%40ss", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(post.Authorization![6..], everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_logs_a_body_once_per_snapshot_however_often_it_is_sent()
    {
        await using var target = await RecordingTarget.StartAsync();
        target.AnswerStatus = 500;
        await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [target.Url], null, 0.5, "--debug");

        await Eventually.UntilAsync(() => Task.FromResult(target.Count >= 4), Patience, "four refused deliveries");

        var fingerprints = target.Posts.Select(p => p.BodyText).Distinct().Count();
        Assert.True(target.Count >= 4);
        Assert.Equal(fingerprints, watcher.CountLog(l => l.Contains(" body: {", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_target_that_never_acknowledged_anything_is_not_up_to_date()
    {
        await using var target = await RecordingTarget.StartAsync();
        target.AnswerStatus = 503;
        var port = FreePort.Next();
        var environment = WatcherProcess.Environment(lab.DockerHost, [target.Url], null, 0.5);
        environment["DUPSTREAM_HTTP_ADDRESS"] = "127.0.0.1";
        environment["DUPSTREAM_HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var watcher = WatcherProcess.Start(environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await target.WaitForPostAsync(_ => true, Patience, "a refused POST");
        var health = await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    var text = await http.GetStringAsync(new Uri("/healthz", UriKind.Relative));
                    return text.Contains("\"last_listing\":\"", StringComparison.Ordinal) ? text : null;
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            Patience,
            "/healthz after a listing");
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        using var document = JsonDocument.Parse(health);
        var entry = Assert.Single(document.RootElement.GetProperty("targets").EnumerateArray().ToList());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("last_success").ValueKind);
        Assert.False(entry.GetProperty("up_to_date").GetBoolean());
        Assert.Contains($"dupstream_target_up_to_date{{target=\"{target.Url}\"}} 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listener_port_in_use_stops_the_process_with_one_line_and_exit_code_2()
    {
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;
        var environment = WatcherProcess.Environment(lab.DockerHost, [new Uri("http://127.0.0.1:9/lb")], null, 3);
        environment["DUPSTREAM_HTTP_ADDRESS"] = "127.0.0.1";
        environment["DUPSTREAM_HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var watcher = WatcherProcess.Start(environment);

        Assert.Equal(2, await watcher.WaitForExitAsync(Patience));

        var lines = watcher.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains(" info: ", StringComparison.Ordinal) && !l.Contains(" warn: ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith($"dupstream: DUPSTREAM_HTTP_PORT/DUPSTREAM_HTTP_ADDRESS: cannot listen on 127.0.0.1:{port}:", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", watcher.StandardError, StringComparison.Ordinal);
    }
}

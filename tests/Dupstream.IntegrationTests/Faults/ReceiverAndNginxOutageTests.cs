using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dupstream.IntegrationTests.EndToEnd;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Dupstream.IntegrationTests.Watcher;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Faults;

/// <summary>
/// Issue 6, receiver restart and nginx not running, on a private nginx of this test's own (it is stopped and started):
/// the receiver stops mid-stream and comes back on its port while the swarm changes; then nginx stops, so every
/// reload fails: the receiver answers 500 saying so and puts the previous files back; once nginx runs again the
/// watcher's next retry converges.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class ReceiverAndNginxOutageTests(SwarmLab lab, ITestOutputHelper output)
{
    private const double PeriodSeconds = 1;
    private const string BodyMarker = " body: ";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_restarted_receiver_catches_up_and_a_stopped_nginx_gets_500_with_files_restored_until_it_runs_again()
    {
        var (first, whileRestarting, whileNginxDown) = (SwarmLab.UniqueName("rcv-a"), SwarmLab.UniqueName("rcv-b"), SwarmLab.UniqueName("rcv-c"));
        var nginx = new PrivateNginx();
        await nginx.InitializeAsync();
        var upstreamName = SwarmLab.UniqueName("fault-rcv");
        var receiver = await PipelineReceiver.StartAsync(nginx, upstreamName);
        var (port, secret) = (receiver.Url.Port, receiver.Secret);
        try
        {
            await lab.CreateServiceAsync(Service(first));
            await using var watcher = WatcherProcess.StartWatching(lab.DockerHost, [receiver.Url], secret, PeriodSeconds, "--debug");
            await Eventually.UntilAsync(() => HasUpstream(receiver, first), Patience, $"upstream {first} (now:\n{receiver.UpstreamText})");

            // Receiver restart mid-stream: it goes away, the swarm changes, it comes back on the same port.
            await receiver.DisposeAsync();
            var failuresBefore = Failures(watcher);
            await lab.CreateServiceAsync(Service(whileRestarting));
            await Eventually.UntilAsync(() => Failures(watcher) >= failuresBefore + 2, Patience, "deliveries failing while the receiver is away");
            receiver = await PipelineReceiver.StartAsync(nginx, upstreamName, port, secret);
            var receiverBack = DateTimeOffset.UtcNow;
            await Eventually.UntilAsync(() => HasUpstream(receiver, whileRestarting), Patience, $"upstream {whileRestarting} after the receiver came back");
            var receiverCaughtUp = DateTimeOffset.UtcNow - receiverBack;
            Assert.Equal(0, (await PrivateNginx.RunAsync(nginx.TestCommand)).ExitCode);

            // nginx not running: every reload fails, the receiver restores the files and answers 500 with the reason.
            // First the watcher's newest snapshot is delivered: an apply still in flight when nginx stops would fail and
            // be rolled back, and a file read meanwhile would hold a state the receiver never keeps (seen once in CI).
            await Eventually.UntilAsync(() => NewestSnapshotDelivered(watcher), Patience, "the watcher's newest snapshot delivered");
            await StopNginxAsync(nginx);
            var kept = receiver.UpstreamText;
            var refusedBefore = watcher.CountLog(IsRefusedWith500);
            await lab.CreateServiceAsync(Service(whileNginxDown));
            await watcher.WaitForLogAsync(l => IsRefusedWith500(l) && watcher.CountLog(IsRefusedWith500) >= refusedBefore + 2, Patience, "two deliveries refused with 500");
            await KeptAsync(receiver, kept);
            Assert.DoesNotContain($"upstream {whileNginxDown} {{", kept, StringComparison.Ordinal);

            var (status, message) = await PostAsync(receiver.Url, secret, LatestBody(watcher));
            output.WriteLine($"receiver with nginx stopped: {(int)status} {message}");
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Contains("failed", message, StringComparison.Ordinal);
            Assert.Contains("every file was restored", message, StringComparison.Ordinal);
            await KeptAsync(receiver, kept);

            await nginx.InitializeAsync();
            var nginxBack = DateTimeOffset.UtcNow;
            await Eventually.UntilAsync(() => HasUpstream(receiver, whileNginxDown), Patience, $"upstream {whileNginxDown} once nginx runs again");
            var nginxCaughtUp = DateTimeOffset.UtcNow - nginxBack;
            Assert.Equal(0, (await PrivateNginx.RunAsync(nginx.TestCommand)).ExitCode);
            Assert.True(HasUpstream(receiver, first) && HasUpstream(receiver, whileRestarting));
            Assert.False(watcher.HasExited);
            Assert.True(watcher.CountLog(l => l.Contains("failed: status 401", StringComparison.Ordinal)) == 0, $"signed POSTs were refused:\n{watcher.StandardError}");

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"receiver back -> upstream file current: {receiverCaughtUp.TotalMilliseconds:0} ms; nginx back -> upstream file current: {nginxCaughtUp.TotalMilliseconds:0} ms; deliveries refused with 500 while nginx was down: {watcher.CountLog(IsRefusedWith500) - refusedBefore}"));
        }
        finally
        {
            await receiver.DisposeAsync();
            await nginx.DisposeAsync();
            await lab.RemoveServiceAsync(first);
            await lab.RemoveServiceAsync(whileRestarting);
            await lab.RemoveServiceAsync(whileNginxDown);
        }
    }

    /// <summary>
    /// The file is back at what it was before nginx stopped. The watcher keeps retrying, and each attempt writes the
    /// new files before its reload fails and they are put back, so a read may meet one attempt in flight: the
    /// promise is that every attempt is rolled back, i.e. the file returns to <paramref name="kept"/> and stays there
    /// between attempts. An apply that went through would leave it changed and fail this wait.
    /// </summary>
    private static async Task KeptAsync(PipelineReceiver receiver, string kept)
    {
        var seen = kept;
        try
        {
            await Eventually.UntilAsync(() => (seen = receiver.UpstreamText) == kept, Patience, $"the upstream file back as it was before nginx stopped:\n{kept}");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\nLast seen:\n{seen}", timeout);
        }
    }

    /// <summary>The newest snapshot the watcher logged (--debug logs each distinct one) was delivered with a 2xx.</summary>
    private static bool NewestSnapshotDelivered(WatcherProcess watcher)
    {
        const string Prefix = "Snapshot ";
        if (LastBodyLine(watcher) is not { } line || !line.Contains(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var start = line.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length;
        var fingerprint = line[start..line.IndexOf(' ', start)];
        return watcher.CountLog(l => l.Contains($"Delivered snapshot {fingerprint} to", StringComparison.Ordinal)) > 0;
    }

    private ServiceSpec Service(string name) => new(name) { IngressPorts = [new(lab.FreeTcpPort(), 80)] };

    private static bool HasUpstream(PipelineReceiver receiver, string service) =>
        receiver.UpstreamText.Contains($"upstream {service} {{", StringComparison.Ordinal);

    private static bool IsRefusedWith500(string line) =>
        line.Contains("Delivery of snapshot", StringComparison.Ordinal) && line.Contains("failed: status 500", StringComparison.Ordinal);

    private static int Failures(WatcherProcess watcher) =>
        watcher.CountLog(l => l.Contains("Delivery of snapshot", StringComparison.Ordinal) && l.Contains(" failed: ", StringComparison.Ordinal));

    /// <summary>Stops the master with <c>nginx -s stop</c> and waits until it has gone (its pid file removed).</summary>
    private static async Task StopNginxAsync(PrivateNginx nginx)
    {
        var (code, error) = await PrivateNginx.RunAsync(nginx.ReloadCommand.Replace("-s reload", "-s stop", StringComparison.Ordinal));
        Assert.True(code == 0, $"nginx -s stop failed: {error}");
        await Eventually.UntilAsync(() => !File.Exists(Path.Combine(nginx.Prefix, "nginx.pid")), Patience, "nginx to stop");
    }

    /// <summary>The last body the watcher published (it logs each with --debug).</summary>
    private static string LatestBody(WatcherProcess watcher)
    {
        var line = LastBodyLine(watcher) ?? throw new InvalidOperationException("the watcher logged no snapshot body");
        return line[(line.IndexOf(BodyMarker, StringComparison.Ordinal) + BodyMarker.Length)..].TrimEnd('\r');
    }

    /// <summary>The watcher's last "Snapshot {fingerprint} body: {json}" log line, or null before the first.</summary>
    private static string? LastBodyLine(WatcherProcess watcher) =>
        watcher.StandardError.Split('\n').LastOrDefault(l => l.Contains(BodyMarker, StringComparison.Ordinal));

    /// <summary>
    /// POSTs a body with X-SECRET only; returns the status and the receiver's message. Unsigned on purpose: a signature
    /// verified here would become the receiver's "last verified" one, and the watcher's identical retry within the
    /// same second would then be refused as a replay.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Message)> PostAsync(Uri url, string secret, string body)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-SECRET", secret);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.GetProperty("message").GetString() ?? "");
    }
}

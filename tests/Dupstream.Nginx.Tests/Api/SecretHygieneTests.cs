using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Dupstream.Nginx.Tests.Api;

/// <summary>The secret (and near-misses of it) never shows in logs, answers, /healthz or config errors.</summary>
public sealed class SecretHygieneTests
{
    private const string Secret = "Sup3r-Secret-Value-42";

    [Fact]
    public async Task BadSecretsAndSignaturesLeaveNoTraceOfTheSecretInLogsAnswersOrHealthz()
    {
        var logs = new CapturedLogs();
        await using var receiver = await RunningReceiver.StartAsync(
            new JsonObject { ["secret"] = Secret },
            customize: b =>
            {
                b.Logging.SetMinimumLevel(LogLevel.Trace);
                b.Logging.AddFilter("Microsoft", LogLevel.Trace);
                b.Logging.AddProvider(logs);
            });
        var body = SnapshotJson.Serialize(Snapshots.Web(8080));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var answers = new List<string>();

        // Wrong secrets close to the real one (a typo, a prefix, a suffix) must not be echoed either.
        foreach (var (secret, signature) in (IEnumerable<(string?, string?)>)
        [
            (Secret + "x", null), (Secret[..^1], null), (Secret.ToUpperInvariant(), null), (null, null),
            (Secret, RequestSignature.CreateHeader(Secret + "x", now, body)),
            (Secret, RequestSignature.CreateHeader(Secret, now - 10_000, body)),
            (Secret, "t=1,v1=" + Secret),
            (Secret, RequestSignature.CreateHeader(Secret, now, body)),
            (Secret, RequestSignature.CreateHeader(Secret, now, body)),
        ])
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/lb") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (secret is not null)
            {
                request.Headers.Add("X-SECRET", secret);
            }

            if (signature is not null)
            {
                request.Headers.TryAddWithoutValidation(RequestSignature.HeaderName, signature);
            }

            using var response = await receiver.Client.SendAsync(request);
            answers.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        answers.Add(await receiver.Client.GetStringAsync("/healthz"));

        // The last signed request arrives twice: the second is a retry of the newest request, accepted as unchanged.
        Assert.Equal(7, answers.Count(a => a.StartsWith("401 ", StringComparison.Ordinal)));
        Assert.Equal(2, answers.Count(a => a.StartsWith("200 ", StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, l => l.Contains("[1001] Rejected a request", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("[1005] Rejected a request", StringComparison.Ordinal));
        foreach (var text in answers.Concat(logs.Lines))
        {
            Assert.DoesNotContain(Secret[..^1], text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ConfigErrorsNameTheKeysButNotTheSecret()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("secret.txt"), Secret + "\n");
        var both = new JsonObject { ["secret"] = Secret, ["secret_file"] = "./secret.txt", ["require_signature"] = "yes" };
        File.WriteAllText(dir.File("config.json"), both.ToJsonString());
        var error = Assert.Throws<ConfigException>(() => ReceiverConfigLoader.Load("config.json", _ => null, false, dir.Path)).Message;
        Assert.Contains("secret and secret_file are both set; set only one of them.", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error, StringComparison.Ordinal);
    }
}

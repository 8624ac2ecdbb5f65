using Dupstream.Contracts;
using Dupstream.IntegrationTests.Lab;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// Issue 6, "nothing secret in logs": the real watcher with --debug (which logs every body), its secret from
/// DUPSTREAM_SERVICE_SECRET_FILE or the variable, a target that first refuses (401, so failure lines are logged too)
/// and then accepts. Neither the secret nor a signature ever reaches stdout or stderr.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class WatcherSecretHygieneTests(SwarmLab lab, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dupstream-hygiene-tests-");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Debug_output_and_logs_never_show_the_secret_or_the_signature(bool fromFile)
    {
        var secret = "hyg13ne-" + Guid.NewGuid().ToString("N");
        await using var target = await RecordingTarget.StartAsync();
        target.AnswerStatus = 401;
        var environment = WatcherProcess.Environment(lab.DockerHost, [target.Url], fromFile ? null : secret, 0.5);
        if (fromFile)
        {
            var file = Path.Combine(directory.FullName, "dupstream_secret");
            await File.WriteAllTextAsync(file, secret + "\n");
            environment["DUPSTREAM_SERVICE_SECRET_FILE"] = file;
        }

        await using var watcher = WatcherProcess.Start(environment, "--debug");
        await watcher.WaitForLogAsync(l => l.Contains("attempt 2,", StringComparison.Ordinal), Patience, "a refused delivery retried");
        target.AnswerStatus = 200;
        var accepted = await target.WaitForPostAsync(p => p.AnsweredStatus == 200, Patience, "an accepted POST");
        await watcher.WaitForLogAsync(l => l.Contains("Delivered snapshot", StringComparison.Ordinal), Patience, "the delivery line");

        // The POSTs did carry the secret and valid signatures, so there was something to leak.
        Assert.All(target.Posts, p => Assert.Equal(secret, p.Secret));
        var (signedAt, signature) = RequestSignature.Parse(accepted.Signature!);
        Assert.True(RequestSignature.Verify(secret, signedAt, accepted.Body, signature));
        Assert.Contains(watcher.StandardError.Split('\n'), l => l.Contains(" body: {", StringComparison.Ordinal));

        var everything = watcher.StandardOutput + "\n" + watcher.StandardError;
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..12], everything, StringComparison.Ordinal);
        foreach (var post in target.Posts)
        {
            var v1 = post.Signature!.Split("v1=")[1];
            Assert.DoesNotContain(v1, everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("X-Dupstream-Signature", everything, StringComparison.OrdinalIgnoreCase);
        output.WriteLine($"{target.Count} POSTs, {watcher.StandardError.Split('\n').Length} log lines checked");
    }
}

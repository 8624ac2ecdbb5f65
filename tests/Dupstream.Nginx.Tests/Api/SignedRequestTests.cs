using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Api;

/// <summary>X-Dupstream-Signature over real HTTP: verified when present, required when configured, an older request never replayable.</summary>
public sealed class SignedRequestTests
{
    private const string Secret = "s3cret";

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static async Task<(HttpStatusCode Status, string Message)> PostAsync(RunningReceiver receiver, byte[] body, string? signature, string? secret = Secret)
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
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        return (response.StatusCode, JsonNode.Parse(text)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithRequireSignatureAValidSignatureAloneIsEnoughAndTheSecretNeverCrossesTheWire()
    {
        await using var receiver = await RunningReceiver.StartAsync(new JsonObject { ["require_signature"] = true });
        var body = SnapshotJson.Serialize(Snapshots.Web(8080));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, body, RequestSignature.CreateHeader(Secret, Now, body), secret: null)).Status);
        Assert.Contains(":8080;", File.ReadAllText(receiver.Dir.File("default.conf")), StringComparison.Ordinal);

        // Without X-SECRET the signature is all there is: a wrong one, or none, is refused.
        var other = SnapshotJson.Serialize(Snapshots.Web(9090));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(receiver, other, RequestSignature.CreateHeader("wrong", Now, other), secret: null)).Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "Invalid Secret"), await PostAsync(receiver, other, signature: null, secret: null));
        // With X-SECRET it must still be right.
        Assert.Equal((HttpStatusCode.Unauthorized, "Invalid Secret"), await PostAsync(receiver, other, RequestSignature.CreateHeader(Secret, Now, other), secret: "wrong"));
        Assert.Contains(":8080;", File.ReadAllText(receiver.Dir.File("default.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplayOfAnOlderSignedRequestIs401()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var older = SnapshotJson.Serialize(Snapshots.Web(8080));
        var olderHeader = RequestSignature.CreateHeader(Secret, Now, older);
        var newer = SnapshotJson.Serialize(Snapshots.Web(9090));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, older, olderHeader)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, newer, RequestSignature.CreateHeader(Secret, Now, newer))).Status);
        var (status, message) = await PostAsync(receiver, older, olderHeader);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Invalid Signature: this signature was already used (replay); sign each request anew.", message);
        Assert.Contains(":9090;", File.ReadAllText(receiver.Dir.File("default.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNewestSignedRequestMayArriveAgainAsARetryWithinTheSameSecond()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var body = SnapshotJson.Serialize(Snapshots.Web(8080));
        var header = RequestSignature.CreateHeader(Secret, Now, body);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(receiver, body, header)).Status);
        var (status, message) = await PostAsync(receiver, body, header);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("unchanged", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ATamperedBodyAWrongKeyOrAStaleTimeIs401AndNothingIsWritten()
    {
        await using var receiver = await RunningReceiver.StartAsync(new JsonObject { ["signature_window_seconds"] = 60 });
        var body = SnapshotJson.Serialize(Snapshots.Web(8080));
        var tampered = SnapshotJson.Serialize(Snapshots.Web(6666));

        var cases = new (byte[] Body, string Header, string Reason)[]
        {
            (tampered, RequestSignature.CreateHeader(Secret, Now, body), "does not match the body"),
            (body, RequestSignature.CreateHeader("not-the-secret", Now, body), "does not match the body"),
            (body, RequestSignature.CreateHeader(Secret, Now - 120, body), "at most 60 s (signature_window_seconds)"),
            (body, RequestSignature.CreateHeader(Secret, Now + 120, body), "at most 60 s (signature_window_seconds)"),
            (body, "t=1,v1=xyz", "'v1' must be 64 hex digits"),
        };
        foreach (var (sent, header, reason) in cases)
        {
            var (status, message) = await PostAsync(receiver, sent, header);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.StartsWith("Invalid Signature: ", message, StringComparison.Ordinal);
            Assert.Contains(reason, message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(receiver.Dir.File("default.conf")));
    }

    [Fact]
    public async Task TheSecretHeaderIsStillCheckedFirst()
    {
        await using var receiver = await RunningReceiver.StartAsync();
        var body = SnapshotJson.Serialize(Snapshots.Web(8080));
        var (status, message) = await PostAsync(receiver, body, RequestSignature.CreateHeader(Secret, Now, body), secret: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Invalid Secret", message);
    }

    [Fact]
    public async Task RequireSignatureRefusesUnsignedRequestsAndTheDefaultAcceptsThem()
    {
        var body = SnapshotJson.Serialize(Snapshots.Web(8080));
        await using (var optional = await RunningReceiver.StartAsync())
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(optional, body, null)).Status);
        }

        await using var required = await RunningReceiver.StartAsync(new JsonObject { ["require_signature"] = true });
        var (status, message) = await PostAsync(required, body, null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Invalid Signature: no X-Dupstream-Signature header; this receiver requires signed requests (require_signature).", message);
        Assert.False(File.Exists(required.Dir.File("default.conf")));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(required, body, RequestSignature.CreateHeader(Secret, Now, body))).Status);
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dupstream.IntegrationTests.Watcher;

/// <summary>
/// A real HTTP listener (Kestrel on 127.0.0.1, a port of its own) standing in for a receiver: it records every POST
/// to /lb and answers <see cref="AnswerStatus"/>. It can be taken down (nothing listens on its port) and brought back
/// on the same port, and a test can await a POST matching a predicate.
/// </summary>
public sealed class RecordingTarget : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<ReceivedPost> posts = [];
    private readonly X509Certificate2? certificate;
    private WebApplication? app;

    private RecordingTarget(int port, X509Certificate2? certificate)
    {
        Port = port;
        this.certificate = certificate;
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:port/lb, or https:// when it was started with a certificate.</summary>
    public Uri Url => new($"{(certificate is null ? "http" : "https")}://127.0.0.1:{Port}/lb");

    /// <summary>What every POST is answered with from now on (200 by default).</summary>
    public int AnswerStatus { get; set; } = StatusCodes.Status200OK;

    public bool IsListening => app is not null;

    public IReadOnlyList<ReceivedPost> Posts
    {
        get
        {
            lock (gate)
            {
                return posts.ToList();
            }
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return posts.Count;
            }
        }
    }

    /// <param name="certificate">Listen with HTTPS using this certificate (with its private key); plain HTTP when null.</param>
    public static async Task<RecordingTarget> StartAsync(X509Certificate2? certificate = null)
    {
        var target = new RecordingTarget(FreePort.Next(), certificate);
        await target.ComeBackAsync();
        return target;
    }

    /// <summary>Stops listening: connections to the port are refused until <see cref="ComeBackAsync"/>.</summary>
    public async Task GoDownAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.StopAsync();
            await running.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public async Task ComeBackAsync()
    {
        if (app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var web = builder.Build();
        web.MapPost("/lb", (RequestDelegate)RecordAsync);
        await web.StartAsync();
        app = web;
    }

    /// <summary>The first POST at or after <paramref name="fromIndex"/> matching <paramref name="match"/>.</summary>
    public async Task<ReceivedPost> WaitForPostAsync(Func<ReceivedPost, bool> match, TimeSpan timeout, string what, int fromIndex = 0)
    {
        try
        {
            return await Eventually.UntilAsync(
                () => Task.FromResult(Posts.Skip(fromIndex).FirstOrDefault(match)),
                timeout,
                what);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} {Describe()}", ex);
        }
    }

    /// <summary>The posts received so far, one line each, for failure messages.</summary>
    public string Describe()
    {
        var all = Posts;
        return $"Target {Url} received {all.Count} POST(s):\n" + string.Join('\n', all.Select(p => $"  #{p.Index} {p.ReceivedAt:HH:mm:ss.fff} -> {p.AnsweredStatus}: {p.BodyText}"));
    }

    public async ValueTask DisposeAsync() => await GoDownAsync();

    private async Task RecordAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        SwarmSnapshot? snapshot = null;
        string? error = null;
        try
        {
            snapshot = SnapshotJson.Deserialize(body);
        }
        catch (JsonException ex)
        {
            error = ex.Message;
        }

        var status = AnswerStatus;
        lock (gate)
        {
            posts.Add(new ReceivedPost(
                posts.Count,
                receivedAt,
                context.Request.Headers["X-SECRET"].FirstOrDefault(),
                context.Request.ContentType,
                body,
                snapshot,
                error,
                status,
                context.Request.Headers["X-Dupstream-Signature"].FirstOrDefault(),
                context.Request.Headers.Authorization.FirstOrDefault()));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"message\":\"recorded\"}", context.RequestAborted);
    }
}

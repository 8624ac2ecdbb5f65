using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dupstream.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dupstream.Bench.Latency.Targets;

/// <summary>
/// The healthy target: a Kestrel server on 127.0.0.1 that stamps the arrival time of each snapshot
/// POST, parses it with the shared <see cref="SnapshotJson"/>, keeps it in arrival order and answers
/// at once. Waiters are woken by each arrival instead of polling.
/// </summary>
internal sealed class SnapshotRecorder : IAsyncDisposable
{
    private const string Route = "/lb";

    private readonly WebApplication app;
    private readonly TimeProvider time;
    private readonly byte[] secret;
    private readonly List<ReceivedSnapshot> received = [];
    private readonly Lock gate = new();
    private TaskCompletionSource arrived = NewSignal();
    private int rejected;

    private SnapshotRecorder(WebApplication app, TimeProvider time, string secret)
    {
        this.app = app;
        this.time = time;
        this.secret = Encoding.UTF8.GetBytes(secret);
        app.MapPost(Route, (Func<HttpContext, Task<IResult>>)ReceiveAsync);
    }

    /// <summary>The URL to give the watcher; valid after <see cref="StartAsync"/>.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>POSTs turned away: wrong or missing X-SECRET, or a body that is not a snapshot.</summary>
    public int Rejected => Volatile.Read(ref rejected);

    public int Count
    {
        get
        {
            lock (gate)
            {
                return received.Count;
            }
        }
    }

    public static async Task<SnapshotRecorder> StartAsync(string secret, TimeProvider time, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var recorder = new SnapshotRecorder(builder.Build(), time, secret);
        await recorder.app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = recorder.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        recorder.Url = new Uri(new Uri(address), Route);
        return recorder;
    }

    /// <summary>
    /// The first snapshot at or after arrival index <paramref name="fromIndex"/> that satisfies
    /// <paramref name="predicate"/>, waiting for it up to <paramref name="timeout"/>; null when none came.
    /// </summary>
    public async Task<ReceivedSnapshot?> WaitForAsync(
        int fromIndex, Func<SwarmSnapshot, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        var next = fromIndex;
        while (true)
        {
            Task signal;
            lock (gate)
            {
                for (; next < received.Count; next++)
                {
                    if (predicate(received[next].Snapshot))
                    {
                        return received[next];
                    }
                }
                signal = arrived.Task;
            }
            var left = time.GetElapsedTime(time.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                return null;
            }
            try
            {
                await signal.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // loop once more: a snapshot may have come in just before the deadline
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        // Arrival is when the request reached us, before the body is read and parsed.
        var now = time.GetTimestamp();
        var given = Encoding.UTF8.GetBytes(context.Request.Headers["X-SECRET"].ToString());
        if (!CryptographicOperations.FixedTimeEquals(given, secret))
        {
            Interlocked.Increment(ref rejected);
            return Results.Text("""{"message":"Invalid Secret"}""", "application/json", Encoding.UTF8, StatusCodes.Status401Unauthorized);
        }
        SwarmSnapshot snapshot;
        try
        {
            snapshot = await SnapshotJson.DeserializeAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            Interlocked.Increment(ref rejected);
            return Results.Text("Not a snapshot: " + e.Message, "text/plain", Encoding.UTF8, StatusCodes.Status400BadRequest);
        }
        TaskCompletionSource wake;
        lock (gate)
        {
            received.Add(new ReceivedSnapshot(now, received.Count, snapshot));
            wake = arrived;
            arrived = NewSignal();
        }
        wake.SetResult();
        return Results.Text("""{"message":"recorded"}""", "application/json", Encoding.UTF8);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using System.IO.Pipelines;
using System.Net.Http.Headers;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.NativeHttp;
using Docker.DotNet.Unix;
using Microsoft.Extensions.Logging.Abstractions;
using NativeHttpFactory = Docker.DotNet.NativeHttp.DockerHandlerFactory;
using UnixSocketFactory = Docker.DotNet.Unix.DockerHandlerFactory;

namespace Dupstream.Docker;

/// <summary>
/// GETs an engine listing and stream-parses it with an element reader. The connection is Docker.DotNet.Enhanced's
/// own transport (its unix-socket handler, or its SocketsHttpHandler with the client's TLS credentials for tcp),
/// built from the client's resolved options, so endpoint and TLS handling are exactly the library's; only the
/// JSON reading is ours. Failures look like the library's: <see cref="DockerApiException"/> for an error status.
/// </summary>
internal sealed class EngineListingClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private readonly HttpClient http;
    private readonly string versionPrefix;
    private readonly TimeSpan timeout;

    public EngineListingClient(ResolvedClientOptions options, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = options.Endpoint.Scheme switch
        {
            "unix" => UnixSocketFactory.Instance.CreateHandler(new UnixSocketTransportOptions(), options, NullLogger.Instance),
            "tcp" or "http" or "https" => NativeHttpFactory.Instance.CreateHandler(new NativeHttpTransportOptions(), options, NullLogger.Instance),
            var scheme => throw new NotSupportedException($"Engine endpoints with scheme '{scheme}' are not supported."),
        };
        // The auth provider adds the client certificate and the CA check of DOCKER_TLS_VERIFY/DOCKER_CERT_PATH;
        // without it a TLS engine refuses us (or we cannot verify it).
        http = new HttpClient(options.AuthProvider.ConfigureHandler(transport.Handler)) { BaseAddress = transport.EffectiveEndpoint, Timeout = Timeout.InfiniteTimeSpan };
        foreach (var header in options.Headers ?? new Dictionary<string, string>())
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }

        // Unversioned unless the client pins a version, as the library's own requests.
        versionPrefix = options.ApiVersion is { } version ? $"v{version}/" : string.Empty;
        this.timeout = timeout;
    }

    public async Task<List<T>> GetAsync<T>(string pathAndQuery, JsonElementReader<T> readElement, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, versionPrefix + pathAndQuery);
            request.Headers.Accept.Add(Json);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                throw new DockerApiException(response.StatusCode, body);
            }

            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadOverlappedAsync(stream, readElement, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The engine did not answer GET /{pathAndQuery} within {timeout.TotalSeconds:0} s.");
        }
    }

    public void Dispose() => http.Dispose();

    /// <summary>
    /// Receives and parses at the same time: one task drains the socket into a pipe (up to 1 MB ahead) while
    /// this one parses what has arrived, so a big listing costs about the longer of the two, not their sum.
    /// </summary>
    private static async Task<List<T>> ReadOverlappedAsync<T>(Stream stream, JsonElementReader<T> readElement, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 512 << 10, minimumSegmentSize: 64 << 10, useSynchronizationContext: false));
        var receive = ReceiveAsync(stream, pipe.Writer, cancellationToken);
        var reader = pipe.Reader.AsStream();
        try
        {
            var items = await JsonArrayStream.ReadAsync(reader, readElement, cancellationToken).ConfigureAwait(false);
            await receive.ConfigureAwait(false);
            return items;
        }
        finally
        {
            // Stops the receiving side too if parsing failed first.
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            await receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task ReceiveAsync(Stream stream, PipeWriter writer, CancellationToken cancellationToken)
    {
        long total = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(writer.GetMemory(64 << 10), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                total += read;
                var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    break;
                }
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await writer.CompleteAsync(exception).ConfigureAwait(false);
            throw;
        }
        finally
        {
            ListingMemory.Shared.Read(total);
        }
    }
}

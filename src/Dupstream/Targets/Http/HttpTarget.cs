using Dupstream.Configuration;
using Dupstream.Delivery;
using Dupstream.Snapshots;

namespace Dupstream.Targets.Http;

/// <summary>POSTs snapshots to one URL, each attempt bounded by the request timeout.</summary>
internal sealed class HttpTarget(Uri address, HttpClient client, SnapshotRequestFactory requests, TimeSpan timeout, TimeProvider time) : ITarget
{
    public string Display { get; } = TargetDisplay.Of(address);

    public async Task<DeliveryResult> SendAsync(CanonicalSnapshot snapshot, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var request = requests.Create(address, snapshot);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            return DeliveryResult.Answered((int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failed($"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return DeliveryResult.Failed(Describe(exception));
        }
    }

    /// <summary>
    /// The message plus the innermost cause: HttpClient's own message for a TLS failure is only "The SSL connection
    /// could not be established, see inner exception", which tells an operator nothing.
    /// </summary>
    internal static string Describe(HttpRequestException exception)
    {
        Exception innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        if (innermost is System.Security.Authentication.AuthenticationException)
        {
            return $"TLS handshake failed: {innermost.Message} (is the target's CA among the system's roots or in {HttpVariables.CaFile}?)";
        }

        return ReferenceEquals(innermost, exception) || exception.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? exception.Message
            : $"{exception.Message} ({innermost.Message})";
    }
}

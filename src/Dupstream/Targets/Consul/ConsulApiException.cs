namespace Dupstream.Targets.Consul;

/// <summary>Consul answered a catalog request with something other than 2xx.</summary>
internal sealed class ConsulApiException : Exception
{
    public ConsulApiException()
    {
    }

    public ConsulApiException(string message)
        : base(message)
    {
    }

    public ConsulApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConsulApiException(int statusCode, string request, string detail)
        : base($"HTTP {statusCode} from {request}: {detail}")
    {
        StatusCode = statusCode;
    }

    public int? StatusCode { get; }
}

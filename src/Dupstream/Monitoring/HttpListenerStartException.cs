namespace Dupstream.Monitoring;

/// <summary>The HTTP listener could not bind (port in use, address not on this host): a start error naming the setting.</summary>
internal sealed class HttpListenerStartException : Exception
{
    public HttpListenerStartException()
    {
    }

    public HttpListenerStartException(string message)
        : base(message)
    {
    }

    public HttpListenerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

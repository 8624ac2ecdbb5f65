namespace Dupstream.Nginx.Configuration;

/// <summary>A setting is missing or wrong; the message names the setting so the user can fix it.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

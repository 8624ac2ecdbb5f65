namespace Dupstream.Targets.Consul;

/// <summary>One write to the catalog (PUT /v1/catalog/register or /deregister).</summary>
internal abstract record CatalogWrite
{
    /// <summary>True for writes that remove entries.</summary>
    public abstract bool Removes { get; }

    /// <summary>One line for the log.</summary>
    public abstract string Describe();
}

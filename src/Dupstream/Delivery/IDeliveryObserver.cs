namespace Dupstream.Delivery;

/// <summary>
/// Watches the deliveries to each target. Owned here, so delivery knows nothing of who listens (monitoring
/// implements it by wrapping each target to count and time what it sends).
/// </summary>
internal interface IDeliveryObserver
{
    /// <summary>The target the coordinator delivers through; called once per target, before it runs.</summary>
    ITarget Observe(ITarget target);
}

namespace Dupstream.Delivery;

/// <summary>The observer where nothing monitors deliveries: each target is used as it is.</summary>
internal sealed class SilentDeliveryObserver : IDeliveryObserver
{
    public static SilentDeliveryObserver Instance { get; } = new();

    public ITarget Observe(ITarget target) => target;
}

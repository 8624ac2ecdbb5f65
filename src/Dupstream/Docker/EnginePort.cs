namespace Dupstream.Docker;

/// <summary>One entry of a service's Endpoint.Ports.</summary>
internal sealed record EnginePort(int PublishedPort, int TargetPort, string Protocol, string PublishMode);

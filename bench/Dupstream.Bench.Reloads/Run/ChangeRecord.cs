using Dupstream.Bench.Reloads.Cluster;
using Dupstream.Bench.Reloads.Load;
using Dupstream.Bench.Reloads.Receiver;

namespace Dupstream.Bench.Reloads.Run;

/// <summary>One change as it went: the receiver's answer and what the probe saw after it.</summary>
internal sealed record ChangeRecord(MembershipChange Change, ReceiverAnswer Answer, RoutingResult Routing);

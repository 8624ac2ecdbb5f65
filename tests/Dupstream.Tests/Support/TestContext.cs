namespace Dupstream.Tests.Support;

/// <summary>Cancellation for test-side waits (xunit 2 has no per-test token).</summary>
internal static class TestContext
{
    public static CancellationToken Cancel => CancellationToken.None;
}

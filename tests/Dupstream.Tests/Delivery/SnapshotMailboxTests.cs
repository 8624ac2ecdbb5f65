using Dupstream.Delivery;
using Microsoft.Extensions.Time.Testing;
using static Dupstream.Tests.Support.Snapshots;

namespace Dupstream.Tests.Delivery;

public class SnapshotMailboxTests
{
    [Fact]
    public void The_newest_offer_replaces_one_not_yet_taken()
    {
        var mailbox = new SnapshotMailbox();
        mailbox.Offer(Envelope(1, 1));
        mailbox.Offer(Envelope(2, 2));

        Assert.True(mailbox.TryTake(out var taken));
        Assert.Equal(2, taken!.Sequence);
        Assert.False(mailbox.TryTake(out _));
    }

    [Fact]
    public void An_older_offer_never_replaces_a_newer_one()
    {
        var mailbox = new SnapshotMailbox();
        mailbox.Offer(Envelope(5, 5));
        mailbox.Offer(Envelope(4, 4));

        Assert.True(mailbox.TryTake(out var taken));
        Assert.Equal(5, taken!.Sequence);
    }

    [Fact]
    public async Task A_waiting_taker_gets_the_next_offer()
    {
        var mailbox = new SnapshotMailbox();
        var waiting = mailbox.TakeAsync(Timeout.InfiniteTimeSpan, TimeProvider.System, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        mailbox.Offer(Envelope(1, 1));

        Assert.Equal(1, (await waiting)!.Sequence);
    }

    [Fact]
    public async Task A_wait_with_a_timeout_returns_null_when_nothing_comes()
    {
        var time = new FakeTimeProvider();
        var mailbox = new SnapshotMailbox();
        var waiting = mailbox.TakeAsync(TimeSpan.FromSeconds(3), time, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await waiting);
    }
}

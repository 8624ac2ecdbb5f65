namespace Dupstream.Tests.Support;

/// <summary>A read-only stream that hands out at most a few bytes per read, like a slow socket, so readers meet every split point.</summary>
internal sealed class TrickleStream(byte[] data, int maxChunk) : Stream
{
    private int position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Vary the chunk so the split points move around: 1, 2, ..., maxChunk, 1, ...
        var chunk = Math.Min(Math.Min(buffer.Length, (position % maxChunk) + 1), data.Length - position);
        data.AsSpan(position, chunk).CopyTo(buffer);
        position += chunk;
        return chunk;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

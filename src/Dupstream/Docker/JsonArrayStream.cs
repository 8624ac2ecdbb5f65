using System.Buffers;
using System.Text.Json;

namespace Dupstream.Docker;

/// <summary>
/// Reads a JSON array of objects from a stream one element at a time: only the element being read has to fit
/// in the buffer (it grows for a huge one), so a 25 MB /tasks answer is parsed in a 64 KB window while it
/// arrives, in one pass, and nothing but the fields the element reader picks is ever allocated.
/// </summary>
internal static class JsonArrayStream
{
    private const int InitialBufferSize = 64 * 1024;

    public static async Task<List<T>> ReadAsync<T>(Stream stream, JsonElementReader<T> readElement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(readElement);
        var items = new List<T>();
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var cursor = new Cursor();
            var start = 0;
            var end = 0;
            var final = false;
            while (true)
            {
                start += ReadAvailable(buffer.AsSpan(start, end - start), final, ref cursor, items, readElement);
                if (cursor.Done)
                {
                    // Read the rest (the engine's closing newline) so the connection can be reused.
                    await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    return items;
                }

                if (final)
                {
                    throw new JsonException("The engine's answer ended before its JSON array did.");
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    // One element is larger than the window: widen it.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    final = true;
                }

                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads every complete element in <paramref name="data"/>; returns how many bytes were used up.</summary>
    private static int ReadAvailable<T>(ReadOnlySpan<byte> data, bool final, ref Cursor cursor, List<T> items, JsonElementReader<T> readElement)
    {
        var reader = new Utf8JsonReader(data, final, cursor.State);
        var consumed = 0;
        var checkpoint = cursor.State;
        while (reader.Read())
        {
            if (!cursor.InArray)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    throw new InvalidDataException("The engine answered with null instead of a list.");
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException($"The engine answered with {reader.TokenType} where a list was expected.");
                }

                cursor.InArray = true;
            }
            else if (reader.TokenType == JsonTokenType.EndArray)
            {
                cursor.Done = true;
                consumed = (int)reader.BytesConsumed;
                checkpoint = reader.CurrentState;
                break;
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                // One pass: the element is read straight from the window. If the window ends inside it, the
                // element is read again from its start after the refill (a few per megabyte).
                if (!readElement(ref reader, out var item))
                {
                    break;
                }

                items.Add(item);
            }
            else
            {
                throw new JsonException($"The engine's list holds a {reader.TokenType} where objects were expected.");
            }

            consumed = (int)reader.BytesConsumed;
            checkpoint = reader.CurrentState;
        }

        cursor.State = checkpoint;
        return consumed;
    }

    private struct Cursor
    {
        public JsonReaderState State;
        public bool InArray;
        public bool Done;
    }
}

using System.Security.Cryptography;
using Dupstream.Nginx.Configuration;

namespace Dupstream.Nginx.Applying;

/// <summary>
/// Answers "unchanged" for a body byte-identical to the last one that was applied (or found unchanged),
/// without parsing, validating and rendering it again, as long as no file it wrote has been touched since.
/// A watcher re-sends the same snapshot often (--always, retries, several watchers), and at 2,000 upstreams the
/// full path costs tens of milliseconds where this costs a hash and a few stat calls. Any other body forgets the
/// memo before it is applied, so an answer from here can never hide an apply that is under way.
/// </summary>
internal sealed class UnchangedShortcut
{
    private readonly Lock gate = new();
    private readonly string[] paths;
    private byte[]? bodyHash;
    private FileStamp[] stamps = [];
    private object? answer;
    private long generation;

    public UnchangedShortcut(ReceiverConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        paths = config.Output.UpstreamFiles.Select(file => file.Value)
            .Concat(config.Output.ServerAddress == ServerAddressMode.Name ? [config.Hosts.HostsFile] : [])
            .Concat(config.Apply.Mode == ApplyMode.Lua ? [config.Apply.PeersFile] : [])
            .ToArray();
    }

    /// <summary>
    /// The answer remembered for this exact body, or null; then <paramref name="ticket"/> must be passed to
    /// <see cref="Remember{T}"/> once the body has gone the full way and succeeded.
    /// </summary>
    public T? TryAnswer<T>(ReadOnlySpan<byte> body, out Ticket ticket)
        where T : class
    {
        var hash = SHA256.HashData(body);
        lock (gate)
        {
            if (bodyHash is not null && hash.AsSpan().SequenceEqual(bodyHash) && StampsNow().SequenceEqual(stamps) && answer is T remembered)
            {
                ticket = default;
                return remembered;
            }

            bodyHash = null;
            answer = null;
            ticket = new Ticket(hash, ++generation);
            return null;
        }
    }

    /// <summary>Keeps the answer for this body, unless another body started its way in the meantime.</summary>
    public void Remember<T>(Ticket ticket, T toRemember)
        where T : class
    {
        lock (gate)
        {
            if (ticket.Generation == generation && ticket.BodyHash is not null)
            {
                bodyHash = ticket.BodyHash;
                stamps = StampsNow();
                answer = toRemember;
            }
        }
    }

    private FileStamp[] StampsNow() => paths.Select(FileStamp.Of).ToArray();

    internal readonly record struct Ticket(byte[]? BodyHash, long Generation);

    private readonly record struct FileStamp(string Path, bool Exists, long Length, long WrittenTicks)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(path, true, info.Length, info.LastWriteTimeUtc.Ticks) : new FileStamp(path, false, 0, 0);
        }
    }
}

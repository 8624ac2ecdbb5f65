using Dupstream.Nginx.Flavours.Nginx.Lua.Control;
using Dupstream.Nginx.Flavours.Nginx.Lua.Rendering;

namespace Dupstream.Nginx.Tests.Support;

/// <summary>
/// Stands in for nginx's control endpoint where no nginx runs (unit tests of the applier): keeps every PUT body and
/// answers as the contract says (200 with the text's version), or fails with <see cref="Failure"/> while it is set.
/// </summary>
internal sealed class FakePeersControl : IPeersControl
{
    private readonly Lock gate = new();
    private readonly List<string> puts = [];

    public string? Failure { get; set; }

    public IReadOnlyList<string> Puts
    {
        get
        {
            lock (gate)
            {
                return [.. puts];
            }
        }
    }

    public Task<ControlAnswer> PutAsync(string peersText, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            return Task.FromResult(new ControlAnswer(false, failure));
        }

        lock (gate)
        {
            puts.Add(peersText);
        }

        return Task.FromResult(new ControlAnswer(true, PeersText.VersionOf(peersText)!));
    }

    public Task<ControlAnswer> GetAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Failure is { } failure ? new ControlAnswer(false, failure) : new ControlAnswer(true, puts.LastOrDefault() ?? PeersText.From([])));
        }
    }
}

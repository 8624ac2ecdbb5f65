using Dupstream.Configuration;
using Dupstream.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Dupstream.Targets.Http;

/// <summary>The http kind: POST each snapshot as JSON to every URL.</summary>
/// <param name="Urls">DUPSTREAM_SERVICE_URL split on '|', without repeats; empty only with --once.</param>
/// <param name="Secret">DUPSTREAM_SERVICE_SECRET (or the content of DUPSTREAM_SERVICE_SECRET_FILE), sent as X-SECRET and the signature key. Never logged: see <see cref="ToString"/>.</param>
/// <param name="SignatureOnly">DUPSTREAM_SIGNATURE_ONLY: send only the signature made with the secret, never the secret itself.</param>
/// <param name="CaCertificatesPem">DUPSTREAM_CA_FILE's PEM text: CAs trusted for https targets besides the system's roots; null when unset.</param>
internal sealed record HttpTargetSettings(IReadOnlyList<Uri> Urls, string? Secret, bool SignatureOnly, string? CaCertificatesPem) : ITargetSettings
{
    public string Kind => HttpTargetKind.KindName;

    public void AddTargets(IServiceCollection services, TimingSettings timing)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(timing);
        services.AddKeyedSingleton(Kind, (_, _) => HttpTargetClientFactory.Create(CaCertificatesPem, timing.RequestTimeout));
        services.AddSingleton(provider => new SnapshotRequestFactory(Secret, provider.GetRequiredService<TimeProvider>(), SignatureOnly));
        foreach (var url in Urls)
        {
            services.AddSingleton<ITarget>(provider => new HttpTarget(
                url,
                provider.GetRequiredKeyedService<HttpClient>(Kind),
                provider.GetRequiredService<SnapshotRequestFactory>(),
                timing.RequestTimeout,
                provider.GetRequiredService<TimeProvider>()));
        }
    }

    // The compiler-generated record ToString would print the secret.
    public override string ToString() => $"http {string.Join(" | ", Urls.Select(TargetDisplay.Of))}";
}

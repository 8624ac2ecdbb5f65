namespace Dupstream.Delivery;

/// <summary>What one delivery attempt gave: success only on a 2xx answer.</summary>
internal sealed record DeliveryResult(bool Succeeded, int? StatusCode, string? Error)
{
    public static DeliveryResult Answered(int statusCode) =>
        new(statusCode is >= 200 and <= 299, statusCode, statusCode is >= 200 and <= 299 ? null : $"HTTP {statusCode}");

    public static DeliveryResult Failed(string error) => new(false, null, error);

    /// <summary>"200", "503" or "no answer" for the one-line delivery log.</summary>
    public string StatusText => StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer";
}

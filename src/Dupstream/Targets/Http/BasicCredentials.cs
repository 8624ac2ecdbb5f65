using System.Net.Http.Headers;
using System.Text;

namespace Dupstream.Targets.Http;

/// <summary>
/// The <c>Authorization: Basic</c> header for a URL's <c>user:password@</c> part, as Node's request library
/// (the original watcher's HTTP client) sent it: the percent-decoded user and password, UTF-8, base64.
/// </summary>
internal static class BasicCredentials
{
    public static AuthenticationHeaderValue? HeaderFor(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(target.UserInfo))
        {
            return null;
        }

        var separator = target.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(separator < 0 ? target.UserInfo : target.UserInfo[..separator]);
        var password = separator < 0 ? string.Empty : Uri.UnescapeDataString(target.UserInfo[(separator + 1)..]);
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }
}

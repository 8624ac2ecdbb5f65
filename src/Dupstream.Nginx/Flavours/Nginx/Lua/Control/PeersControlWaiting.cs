namespace Dupstream.Nginx.Flavours.Nginx.Lua.Control;

/// <summary>
/// After a reload nginx's master re-reads its config on its own time ("nginx -s reload" only signals it), so the
/// control socket of a config that just added it answers a moment later: the PUT is tried again, while nothing
/// answers, until the deadline. An answer of any kind (a refusal included) is final.
/// </summary>
internal static class PeersControlWaiting
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    public static async Task<ControlAnswer> PutWhenAnsweringAsync(this IPeersControl control, string peersText, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var answer = await control.PutAsync(peersText, cancellationToken).ConfigureAwait(false);
            if (answer.Answered || time.GetElapsedTime(started) >= timeout)
            {
                return answer;
            }

            await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
        }
    }
}

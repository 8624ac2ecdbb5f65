namespace Dupstream.Nginx.Applying;

/// <summary>
/// How the search for the services nginx -t refuses ended: <see cref="Passed"/> when the files with
/// <see cref="HeldBack"/> left out pass the test; <see cref="LastFailure"/> is the test output otherwise.
/// </summary>
internal sealed record IsolationResult(bool Passed, IReadOnlyList<HeldBackService> HeldBack, int TestsRun, string LastFailure);

using System.Diagnostics;

namespace Hem.Benchmarks;

/// <summary>What one client count gave: every timed call and the wall time they took together.</summary>
internal sealed record LoadLevelResult(int Clients, IReadOnlyList<CallResult> Calls, TimeSpan Elapsed)
{
    /// <summary>Successful studies per second over the timed phase.</summary>
    public double Throughput => Calls.Count(c => c.Succeeded) / Elapsed.TotalSeconds;

    /// <summary>The nearest-rank percentile of the successful calls' latencies, of one study's calls when named (NaN when none succeeded).</summary>
    public double Percentile(double p, string? study = null)
    {
        var sorted = Calls.Where(c => c.Succeeded && (study is null || c.Study == study)).Select(c => c.Milliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }
}

/// <summary>
/// Runs one client count: each client sends one warm-up call (not timed), then the clients share the timed calls,
/// each sending its next as soon as its last has answered; call n carries study n modulo the studies.
/// </summary>
internal static class LoadLevel
{
    public static async Task<LoadLevelResult> RunAsync(PredictionCalls calls, IReadOnlyList<LoadStudy> studies, int clients, int requests, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => calls.PredictAsync(studies[c % studies.Count], cancellationToken)));
        int next = -1;
        var results = new CallResult[requests];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (int n = Interlocked.Increment(ref next); n < requests; n = Interlocked.Increment(ref next))
            {
                results[n] = await calls.PredictAsync(studies[n % studies.Count], cancellationToken);
            }
        }));
        return new LoadLevelResult(clients, results, clock.Elapsed);
    }
}

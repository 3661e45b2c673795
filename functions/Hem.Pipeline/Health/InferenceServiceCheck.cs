using System.Diagnostics;

namespace Hem.Pipeline.Health;

/// <summary>Reaches the inference service through its liveness endpoint.</summary>
public sealed class InferenceServiceCheck(HttpClient http, Uri? baseUrl) : IDependencyCheck
{
    public string Name => "inferenceService";

    public bool Required => false;

    public async Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken)
    {
        if (baseUrl is null)
        {
            return new DependencyStatus(Name, Required, DependencyState.NotConfigured, "Hem:InferenceBaseUrl is not set", 0);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(new Uri(baseUrl, "healthz"), cancellationToken);
            var state = response.IsSuccessStatusCode ? DependencyState.Reachable : DependencyState.Unreachable;
            return new DependencyStatus(Name, Required, state, $"healthz answered HTTP {(int)response.StatusCode}", clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DependencyStatus(Name, Required, DependencyState.Unreachable, ex.GetType().Name, clock.Elapsed.TotalMilliseconds);
        }
    }
}

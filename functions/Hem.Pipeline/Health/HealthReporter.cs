using System.Reflection;

namespace Hem.Pipeline.Health;

/// <summary>Runs every dependency check in parallel, each bounded by a timeout, and assembles the report.</summary>
public sealed class HealthReporter(string serviceName, string version, IEnumerable<IDependencyCheck> checks, TimeSpan perCheckTimeout)
{
    private readonly IReadOnlyList<IDependencyCheck> _checks = [.. checks];

    public static string VersionOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_checks.Select(check => RunBoundedAsync(check, cancellationToken)));
        return new HealthReport(serviceName, version, results.All(r => r.IsHealthy), results);
    }

    private async Task<DependencyStatus> RunBoundedAsync(IDependencyCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(perCheckTimeout);
        try
        {
            return await check.CheckAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DependencyStatus(check.Name, check.Required, DependencyState.Unreachable, $"no answer within {perCheckTimeout.TotalSeconds:0.#} s", perCheckTimeout.TotalMilliseconds);
        }
    }
}

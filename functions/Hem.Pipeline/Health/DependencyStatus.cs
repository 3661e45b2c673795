namespace Hem.Pipeline.Health;

/// <summary>Whether a dependency answered.</summary>
public enum DependencyState
{
    Reachable,
    Unreachable,

    /// <summary>The setting that names the dependency is absent; reported, but not a failure of this service.</summary>
    NotConfigured,
}

/// <summary>The outcome of probing one dependency. <paramref name="Detail"/> never carries credentials.</summary>
public sealed record DependencyStatus(string Name, bool Required, DependencyState State, string Detail, double ElapsedMilliseconds)
{
    /// <summary>A dependency counts against health when it is down, or when it is required and not configured.</summary>
    public bool IsHealthy => State == DependencyState.Reachable || (State == DependencyState.NotConfigured && !Required);
}

/// <summary>What a health endpoint answers: the service, its version and each dependency's reachability.</summary>
public sealed record HealthReport(string Service, string Version, bool Healthy, IReadOnlyList<DependencyStatus> Dependencies);

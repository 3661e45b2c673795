namespace Hem.Pipeline.Health;

/// <summary>Probes one dependency. Implementations must not throw for an unreachable dependency.</summary>
public interface IDependencyCheck
{
    string Name { get; }

    /// <summary>Whether the service is unhealthy without this dependency configured.</summary>
    bool Required { get; }

    Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken);
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Hem.Functions.Tests;

/// <summary>A <see cref="DurableTaskClient"/> that knows the instances it is told of and records what is scheduled; everything else is not called by the functions.</summary>
internal sealed class RecordingDurableClient() : DurableTaskClient("recording")
{
    public HashSet<string> Existing { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OrchestrationMetadata> Instances { get; } = new(StringComparer.Ordinal);

    public List<(TaskName Name, object? Input, string? InstanceId)> Scheduled { get; } = [];

    public List<string> Purged { get; } = [];

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        if (Instances.TryGetValue(instanceId, out var metadata))
        {
            return Task.FromResult<OrchestrationMetadata?>(metadata);
        }

        return Task.FromResult(Existing.Contains(instanceId) ? new OrchestrationMetadata("StudyPipeline", instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Running } : null);
    }

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        Purged.Add(instanceId);
        return Task.FromResult(new PurgeResult(Instances.Remove(instanceId) ? 1 : 0));
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        Scheduled.Add((orchestratorName, input, options?.InstanceId));
        return Task.FromResult(options?.InstanceId ?? "generated");
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// Starts the orchestration for a submission once: the instance id is the submission's
/// (<see cref="StudyPipelineInput.InstanceId"/>), and an instance that already exists, in any state, is left alone,
/// so a redelivered or duplicated BlobCreated event starts nothing.
/// </summary>
public static class StudyPipelineStarter
{
    /// <summary>Schedules the run unless its instance exists; true when this call scheduled it.</summary>
    public static async Task<bool> StartOnceAsync(DurableTaskClient client, StudyPipelineInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(input);
        string instanceId = input.InstanceId;
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(nameof(StudyPipeline), input, new StartOrchestrationOptions(instanceId), cancellationToken);
        return true;
    }
}

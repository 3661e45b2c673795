using Microsoft.DurableTask.Client;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// What the status endpoint answers for one orchestration instance: its runtime status, the step it is on (the
/// custom status), and either the output's summary or the failure's type. Looked up by instance id: the study key is
/// derived during analysis, so it is not known when the run starts. Holds no input, no blob name and no failure message.
/// </summary>
public sealed record StudyRunStatus(
    string InstanceId,
    string RuntimeStatus,
    string? Step,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? Outcome,
    string? StudyKey,
    string? ModelVersion,
    string? ResultPrefix,
    bool? HematomaExpansionPredicted,
    string? RejectionCode,
    string? FailureType)
{
    /// <summary>The status of an instance fetched with its inputs and outputs (else step and outcome are null).</summary>
    public static StudyRunStatus From(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        bool readable = metadata.DataConverter is not null;
        var step = readable && metadata.SerializedCustomStatus is not null ? metadata.ReadCustomStatusAs<PipelineStatus>() : null;
        var output = readable && metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.SerializedOutput is not null
            ? metadata.ReadOutputAs<StudyPipelineResult>()
            : null;
        return new StudyRunStatus(
            metadata.InstanceId,
            metadata.RuntimeStatus.ToString(),
            step?.Step,
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            output?.Outcome,
            output?.Result?.StudyKey,
            output?.Result?.ModelVersion,
            output?.Result?.Prefix,
            output?.Result?.HematomaExpansionPredicted,
            output?.Rejection?.Code,
            metadata.FailureDetails?.ErrorType);
    }

    /// <summary>Whether a run may be started again: it has ended (Completed, Failed or Terminated).</summary>
    public static bool CanRerun(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
    }
}

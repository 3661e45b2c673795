using Microsoft.DurableTask.Client;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// What the status endpoint answers for one run: its runtime status, the step it is on (the custom status) and the
/// study key once known, where its outputs are, and the outcome: the result's numbers, the rejection, or the
/// failure's type. Holds no input, no blob name and no failure message (storage and HTTP messages quote blob names).
/// <see cref="Runs"/> lists every run of the study, newest first, when it was asked for by study key.
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
    string? ResultContainer,
    string? ResultPrefix,
    IReadOnlyList<string>? Outputs,
    double? BaselineVolumeMl,
    double? PredictedFollowupVolumeMl,
    bool? HematomaExpansionPredicted,
    string? RejectionCode,
    string? RejectionReason,
    string? FailureType,
    IReadOnlyList<string>? Runs = null)
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
        var result = output?.Result;
        return new StudyRunStatus(
            metadata.InstanceId,
            metadata.RuntimeStatus.ToString(),
            step?.Step,
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            output?.Outcome,
            result?.StudyKey ?? step?.StudyKey,
            result?.ModelVersion,
            result?.Container,
            result?.Prefix,
            result?.Outputs,
            result?.BaselineVolumeMl,
            result?.PredictedFollowupVolumeMl,
            result?.HematomaExpansionPredicted,
            output?.Rejection?.Code,
            output?.Rejection?.Reason,
            metadata.FailureDetails?.ErrorType);
    }

    /// <summary>Whether a run may be started again: it has ended (Completed, Failed or Terminated).</summary>
    public static bool CanRerun(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
    }
}

using Hem.Pipeline.Events;
using Microsoft.DurableTask;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// The outcome the orchestration hands to <see cref="PublishResult"/>: exactly one of the three event data records of
/// <c>schemas/events/</c>, typed, so it crosses the Durable history as itself and the publisher serialises it with
/// the events' own JSON options. The event (subject, deterministic id) is made by <see cref="ResultEvents"/>.
/// </summary>
public sealed record ResultToPublish(PredictionCompletedData? Completed, StudyRejectedData? Rejected, PredictionFailedData? Failed, BackfillCompletedData? Backfill = null)
{
    public ResultEvent ToEvent() =>
        Completed is { } completed ? ResultEvents.PredictionCompleted(completed)
        : Rejected is { } rejected ? ResultEvents.StudyRejected(rejected)
        : Failed is { } failed ? ResultEvents.PredictionFailed(failed)
        : Backfill is { } backfill ? ResultEvents.BackfillCompleted(backfill.BatchId, backfill)
        : throw new InvalidOperationException("a result to publish holds no outcome");
}

/// <summary>The orchestration's outcomes as the result events' data (DESIGN.md section 3, Events; docs/EVENTS.md).</summary>
public static class PipelineEvents
{
    public static ResultToPublish Completed(string instanceId, StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outputs = new ResultOutputs(result.Container, result.Prefix, result.Outputs);
        return new ResultToPublish(
            new PredictionCompletedData(result.StudyKey, result.ModelVersion, instanceId, result.BaselineVolumeMl, result.PredictedFollowupVolumeMl, result.PredictedGrowthMl, result.HematomaExpansionPredicted, outputs),
            null,
            null);
    }

    /// <param name="inputBlobPath">"{container}/{blob name}" of the input, which is never changed or deleted.</param>
    public static ResultToPublish Rejected(string instanceId, StudyRejection rejection, string inputBlobPath)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return new ResultToPublish(null, new StudyRejectedData(instanceId, rejection.Code, rejection.Reason, inputBlobPath), null);
    }

    /// <summary>
    /// A failed run. The message names the error's type and the step, not the exception's text: storage and HTTP
    /// messages quote blob URLs, whose names may hold a patient's name.
    /// </summary>
    public static ResultToPublish Failed(string instanceId, string step, string? studyKey, TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var failureClass = PipelineFailures.IsTransient(failure) ? FailureClass.TransientExhausted : FailureClass.Unexpected;
        string message = failureClass == FailureClass.TransientExhausted
            ? $"{ShortType(failure.ErrorType)} in step {step}: the retries ran out"
            : $"{ShortType(failure.ErrorType)} in step {step}";
        return new ResultToPublish(null, null, new PredictionFailedData(studyKey, instanceId, step, failureClass, message));
    }

    private static string ShortType(string errorType) => errorType[(errorType.LastIndexOf('.') + 1)..];
}

using Hem.Pipeline.Events;
using Microsoft.DurableTask;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// The result events the orchestration publishes. The subject is <c>/studies/{instanceId}</c> (never a blob name: it
/// may hold a patient's name); the id is <see cref="ResultEventIds.For"/>, so a replayed or retried publish repeats
/// the same event.
/// </summary>
public static class PipelineEvents
{
    public static string Subject(string instanceId) => "/studies/" + instanceId;

    public static ResultEvent Completed(string instanceId, StudyResult result) =>
        Event(instanceId, ResultEventTypes.PredictionCompleted, new CompletedData(instanceId, result));

    public static ResultEvent Rejected(string instanceId, StudyRejection rejection, string recordBlob)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return Event(instanceId, ResultEventTypes.StudyRejected, new RejectedData(instanceId, rejection.Code, rejection.Reason, recordBlob));
    }

    public static ResultEvent Failed(string instanceId, string step, TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Event(instanceId, ResultEventTypes.PredictionFailed, new FailedData(instanceId, step, failure.ErrorType, failure.ErrorMessage, PipelineFailures.IsTransient(failure)));
    }

    private static ResultEvent Event(string instanceId, string type, object data) => new(type, Subject(instanceId), ResultEventIds.For(instanceId, type), data);
}

/// <summary><c>Hem.Prediction.Completed</c>'s data.</summary>
public sealed record CompletedData(string InstanceId, StudyResult Result);

/// <summary><c>Hem.Study.Rejected</c>'s data: the code, the reason, and the rejection record's blob in the results container.</summary>
public sealed record RejectedData(string InstanceId, string Code, string Reason, string RecordBlob);

/// <summary><c>Hem.Prediction.Failed</c>'s data: the step, the error's type and message, and whether it was transient (retries exhausted).</summary>
public sealed record FailedData(string InstanceId, string Step, string ErrorType, string Reason, bool RetriesExhausted);
